#!/usr/bin/env bash
# Shared by vm/debootstrap-test.sh and vm/upstream-nspawn-test.sh (sourced, not run): a Debian 12
# root made with debootstrap, bind mounts for a chroot, and a container booted from the root with
# systemd-nspawn (private network; no systemd needed on this machine). The caller defines log() and
# die(), runs as root, and calls nspawn_cleanup on exit. Packages come from Debian's package
# registry: the mirror is the one this machine's own apt sources name (no host name is written here).

readonly NSPAWN_SUITE=bookworm
nspawn_mounts=()
nspawn_pid=""
container_pid=""
in_container=()

nspawn_need_tools() { # installs debootstrap and systemd-nspawn from Debian's packages when missing
  local need=()
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
  ((${#need[@]} == 0)) && return 0
  log "installing from Debian's packages: ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" </dev/null
}

nspawn_apt_uri() { # suite: the URI this machine's apt uses for it (deb822 or one-line sources)
  # shellcheck disable=SC2016 # $(...) is apt's format syntax, not the shell's
  apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
    awk -v s="$1" '$2 == s { print $1; exit }'
}

nspawn_make_root() { # root directory: debootstrap it unless there (FRESH=1 rebuilds); apt sources
  local root=$1 mirror security started=$SECONDS
  mirror=$(nspawn_apt_uri "$NSPAWN_SUITE")
  [[ -n $mirror ]] || die "no '$NSPAWN_SUITE' suite in this machine's apt sources (apt-get indextargets)"
  if [[ ${FRESH:-0} == 1 ]]; then
    rm -rf --one-file-system "$root"
  fi
  if [[ -x $root/usr/bin/apt-get ]]; then
    log "reusing the root in $root (FRESH=1 to rebuild it)"
  else
    log "debootstrap --variant=minbase $NSPAWN_SUITE $root (mirror from this machine's apt sources: $mirror)"
    mkdir -p "$root"
    debootstrap --variant=minbase "$NSPAWN_SUITE" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
      { tail -n 30 "$root.debootstrap.log" >&2; die "debootstrap failed (log: $root.debootstrap.log)"; }
    log "debootstrap done in $((SECONDS - started))s"
  fi
  # The security updates too, as on a real Debian 12 machine (this machine's source for them).
  security=$(nspawn_apt_uri "$NSPAWN_SUITE-security")
  {
    echo "deb $mirror $NSPAWN_SUITE main"
    echo "deb $mirror $NSPAWN_SUITE-updates main"
    [[ -n $security ]] && echo "deb $security $NSPAWN_SUITE-security main"
  } >"$root/etc/apt/sources.list"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}

# The root trusts the certificate authorities this machine adds to Debian's store
# (/usr/local/share/ca-certificates, e.g. a TLS-inspecting egress proxy's), as it uses this
# machine's resolver and apt mirror: npm and Maven reach the registries over TLS. Debian's
# ca-certificates (and ca-certificates-java, for Java) pick them up when installed, or here.
nspawn_trust_local_cas() { # root (with nspawn_mount_chroot_fs done)
  local root=$1 crt added=0
  for crt in /usr/local/share/ca-certificates/*.crt; do
    [[ -f $crt ]] || continue
    cmp -s "$crt" "$root$crt" && continue
    install -D -m 0644 "$crt" "$root$crt"
    log "trusted in the root as on this machine: $crt"
    added=1
  done
  if ((added == 1)) && [[ -x $root/usr/sbin/update-ca-certificates ]]; then
    chroot "$root" /usr/sbin/update-ca-certificates >/dev/null 2>&1 || log "update-ca-certificates failed in the root"
  fi
}

nspawn_bind() { # source target [ro]: a bind mount, undone by nspawn_unmount_all
  mkdir -p "$2"
  mount --bind "$1" "$2"
  nspawn_mounts+=("$2")
  if [[ ${3:-} == ro ]]; then
    mount -o remount,bind,ro "$2"
  fi
}

nspawn_mount_chroot_fs() { # root: /proc, /sys, /dev and /dev/pts for a chroot
  local fs
  for fs in proc sys dev dev/pts; do
    nspawn_bind "/$fs" "$1/$fs"
  done
}

nspawn_unmount_all() {
  local i
  for ((i = ${#nspawn_mounts[@]} - 1; i >= 0; i--)); do
    umount -l "${nspawn_mounts[i]}" 2>/dev/null || true
  done
  nspawn_mounts=()
}

nspawn_install_systemd() { # root [extra packages...]: systemd, dbus and the extras, with apt in a chroot
  # (with /proc, /sys, /dev mounted: nspawn_mount_chroot_fs)
  local root=$1 pkg missing=()
  shift
  for pkg in systemd systemd-sysv dbus "$@"; do
    # shellcheck disable=SC2016 # dpkg-query's format syntax
    chroot "$root" dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed$' || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing into the root: ${missing[*]}"
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -q && apt-get install -y -q --no-install-recommends "$@"' apt "${missing[@]}" \
    >"$root.systemd-install.log" 2>&1 ||
    { tail -n 30 "$root.systemd-install.log" >&2; die "installing ${missing[*]} into the root failed"; }
}

nspawn_boot() { # root machine-name [systemd-nspawn options...]: boots it; sets in_container
  local root=$1 machine=$2 state="" i
  shift 2
  nspawn_unmount_all # systemd-nspawn mounts /proc, /sys and /dev itself
  # --register=no --keep-unit: no systemd (machined, scopes) is needed on this machine.
  systemd-nspawn --quiet --directory="$root" --boot --private-network --register=no --keep-unit \
    --machine="$machine" "$@" </dev/null >"$root.nspawn.log" 2>&1 &
  nspawn_pid=$!
  container_pid=""
  for ((i = 0; i < 60; i++)); do
    container_pid=$(pgrep -P "$nspawn_pid" -x systemd || true)
    [[ -n $container_pid ]] && break
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 1
  done
  [[ -n $container_pid ]] || { tail -n 30 "$root.nspawn.log" >&2; die "systemd-nspawn did not boot the root"; }
  in_container=(nsenter --target "$container_pid" --all --root --wd
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8)
  for ((i = 0; i < 60; i++)); do
    state=$("${in_container[@]}" systemctl is-system-running 2>/dev/null || true)
    [[ $state == running || $state == degraded ]] && break
    sleep 1
  done
  log "container booted (systemd is-system-running: ${state:-unknown})"
  [[ $state == running || $state == degraded ]] || die "the container's systemd did not finish booting"
}

nspawn_poweroff() { # powers the container off; waits at most 30 s, then stops systemd-nspawn
  local i
  [[ -n $nspawn_pid ]] || return 0
  "${in_container[@]}" systemctl poweroff || true
  for ((i = 0; i < 30; i++)); do
    kill -0 "$nspawn_pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$nspawn_pid" 2>/dev/null; then
    log "container still running after 30 s: stopping systemd-nspawn"
    nspawn_kill
  else
    log "container powered off"
  fi
  wait "$nspawn_pid" 2>/dev/null || true
  nspawn_pid=""
}

nspawn_kill() { # stops systemd-nspawn (SIGTERM, then SIGKILL after 5 s)
  local i
  [[ -n $nspawn_pid ]] && kill -0 "$nspawn_pid" 2>/dev/null || return 0
  kill -TERM "$nspawn_pid" 2>/dev/null || true
  for ((i = 0; i < 10; i++)); do
    kill -0 "$nspawn_pid" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -KILL "$nspawn_pid" 2>/dev/null || true
}

nspawn_cleanup() { # root: the container, the mounts, and the root itself with CLEANUP=1
  nspawn_kill
  nspawn_unmount_all
  if [[ ${CLEANUP:-0} == 1 ]]; then
    rm -rf --one-file-system "$1"
  fi
}
