#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, from Debian's slurm-wlm and munge: starts munged,
# slurmctld and slurmd on localhost, writes a tiny study's job array with `csae study slurm`,
# submits it with sbatch, waits for it, reports it with `csae study report`, checks that every
# run finished, and stops every daemon it started (also on failure or Ctrl-C).
# Usage: scripts/slurm_smoke.sh [WORK_DIR]   (needs root for apt and the daemons; about 2 min)
# $CSAE names the csae binary (default build/release/app/csae).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="$(realpath "${CSAE:-$root/build/release/app/csae}")"
work="$(realpath -m "${1:-$(mktemp -d /tmp/csae-slurm.XXXXXX)}")"
started=$(date +%s)

if ! command -v slurmctld > /dev/null || ! command -v munged > /dev/null; then
    echo "slurm_smoke: installing slurm-wlm and munge from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge > "$work.apt.log" 2>&1 ||
        { echo "slurm_smoke: apt-get install failed; see $work.apt.log" >&2; exit 2; }
fi

mkdir -p "$work"/{state,spool,munge}
host="$(hostname -s)"
cpus="$(nproc)"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=csae-smoke
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=smoke Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

pids=()
stop_daemons() {
    for pid_file in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munged.pid"; do
        [[ -f "$pid_file" ]] && kill "$(cat "$pid_file")" 2> /dev/null || true
    done
    for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
}
trap stop_daemons EXIT

# munge: its own key and socket under the work directory, so a system munged is left alone.
key="$work/munge/munge.key"
dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
chmod 400 "$key"
socket="$work/munge/munge.socket"
munged --force --key-file="$key" --socket="$socket" --pid-file="$work/munged.pid" \
    --log-file="$work/munged.log" --seed-file="$work/munge/seed"

slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
    state="$(sinfo -h -o '%t' 2> /dev/null || true)"
    [[ "$state" == "idle" ]] && break
    sleep 1
done
[[ "${state:-}" == "idle" ]] || { echo "slurm_smoke: the node did not come up (state: ${state:-none}); logs in $work" >&2; exit 1; }
echo "slurm_smoke: slurmctld and slurmd up on $host ($cpus CPUs) after $(( $(date +%s) - started )) s"

# A tiny study: 2 grid points x 2 seeds of a small SAE on 128 MNIST samples.
cat > "$work/tiny.json" <<'EOF'
{
  "name": "slurm-smoke",
  "base": {"data": {"limit": 128, "test_limit": 64}, "encoding": {"steps": 4}, "model": {"channels": [4, 8]},
           "train": {"batch_size": 32, "epochs": 2}},
  "grid": {"model.embedding_size": [8, 16]},
  "seeds": [1, 2],
  "metric": "nrmse"
}
EOF
"$csae" study slurm "$work/tiny.json" --out "$work/study" --cpus 1 --max-parallel 2 --time 0:10:00
job="$(sbatch --parsable "$work/study/study.sbatch")"
echo "slurm_smoke: submitted job array $job"
for _ in $(seq 600); do
    [[ -z "$(squeue -h -j "$job" 2> /dev/null)" ]] && break
    sleep 1
done
[[ -z "$(squeue -h -j "$job" 2> /dev/null)" ]] || { echo "slurm_smoke: job $job still queued after 10 min" >&2; exit 1; }
"$csae" study report "$work/study" --no-figures
done_runs="$(grep -c ',done,' "$work/study/results.csv" || true)"
elapsed=$(( $(date +%s) - started ))
if [[ "$done_runs" != 4 ]]; then
    echo "slurm_smoke: FAILED: $done_runs of 4 runs done; task output in $work/study/slurm/" >&2
    exit 1
fi
echo "slurm_smoke: PASSED: 4 of 4 runs done through a Slurm job array of 4 tasks in ${elapsed} s (work dir $work)"
