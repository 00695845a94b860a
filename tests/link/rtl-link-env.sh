# Sourced by the link tests and benches that drive rru-sim through
# rru-link-proxy: the tools of build dir $B, a scratch directory $tmp removed
# on exit with every process whose pid is in pids[], and free_port.
rru=$B/bin/rru sim=$B/bin/rru-sim proxy=$B/bin/rru-link-proxy
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
