"""Linux's struct tcp_info (TCP_INFO), as the kernel's UAPI lays it out
(include/uapi/linux/tcp.h), which only ever grows at the end; spelled out
here because glibc's <netinet/tcp.h> carries an old, shorter copy.  A kernel
older than this table returns a shorter struct: sockffi/_tcpinfo.py gives
None for the fields it did not fill."""

# (name, struct code) in the kernel's order.  "bits" is a byte of
# bitfields, split as BITFIELDS says.
LAYOUT = [
    ("state", "B"), ("ca_state", "B"), ("retransmits", "B"), ("probes", "B"),
    ("backoff", "B"), ("options", "B"), ("wscale", "bits"), ("app_limited", "bits"),
    ("rto", "I"), ("ato", "I"), ("snd_mss", "I"), ("rcv_mss", "I"),
    ("unacked", "I"), ("sacked", "I"), ("lost", "I"), ("retrans", "I"), ("fackets", "I"),
    ("last_data_sent", "I"), ("last_ack_sent", "I"), ("last_data_recv", "I"),
    ("last_ack_recv", "I"),
    ("pmtu", "I"), ("rcv_ssthresh", "I"), ("rtt", "I"), ("rttvar", "I"),
    ("snd_ssthresh", "I"), ("snd_cwnd", "I"), ("advmss", "I"), ("reordering", "I"),
    ("rcv_rtt", "I"), ("rcv_space", "I"),
    ("total_retrans", "I"),                                      # 104 bytes: Linux 2.6
    ("pacing_rate", "Q"), ("max_pacing_rate", "Q"),              # 3.15
    ("bytes_acked", "Q"), ("bytes_received", "Q"),               # 4.1
    ("segs_out", "I"), ("segs_in", "I"),                         # 4.2
    ("notsent_bytes", "I"), ("min_rtt", "I"),                    # 4.6
    ("data_segs_in", "I"), ("data_segs_out", "I"),
    ("delivery_rate", "Q"),                                      # 4.9
    ("busy_time", "Q"), ("rwnd_limited", "Q"), ("sndbuf_limited", "Q"),  # 4.10
    ("delivered", "I"), ("delivered_ce", "I"),                   # 4.18
    ("bytes_sent", "Q"), ("bytes_retrans", "Q"),
    ("dsack_dups", "I"), ("reord_seen", "I"),                    # 4.19
    ("rcv_ooopack", "I"),                                        # 5.4
    ("snd_wnd", "I"),                                            # 5.5
    ("rcv_wnd", "I"),                                            # 6.7
    ("rehash", "I"),
    ("total_rto", "H"), ("total_rto_recoveries", "H"), ("total_rto_time", "I"),
    ("received_ce", "I"),                                        # 6.18 (AccECN)
    ("delivered_e1_bytes", "I"), ("delivered_e0_bytes", "I"), ("delivered_ce_bytes", "I"),
    ("received_e1_bytes", "I"), ("received_e0_bytes", "I"), ("received_ce_bytes", "I"),
]

# The two bitfield bytes, as (field, first bit, width) from the low end of
# the byte on a little-endian ABI:
#   byte 6: snd_wscale:4, rcv_wscale:4
#   byte 7: delivery_rate_app_limited:1, fastopen_client_fail:2
BITFIELDS = {
    "wscale": (("snd_wscale", 0, 4), ("rcv_wscale", 4, 4)),
    "app_limited": (("delivery_rate_app_limited", 0, 1), ("fastopen_client_fail", 1, 2)),
}
