#!/usr/bin/env bash
# Installs the system programs the tests run for real, when they are missing:
# sshd/ssh/ssh-keygen/ssh-keyscan (SSH exchanger and SFTP), rclone (credential verify),
# age (the CLI must decrypt our .tar.age), tmux (end-to-end journeys over a real pty),
# python3 (drives age's passphrase prompt on a pty; builds TrueNAS-shaped configurations with
# sqlite3 and cryptography), puttygen (the PuTTY key hint), and libraries no program names:
# libpam-oath (the test sshd's one-time code prompt), python3-cryptography.
set -euo pipefail

declare -A package_of=(
  [sshd]=openssh-server [ssh]=openssh-client [ssh-keygen]=openssh-client [ssh-keyscan]=openssh-client
  [rclone]=rclone [age]=age [tmux]=tmux [python3]=python3 [xxd]=xxd [useradd]=passwd [chpasswd]=passwd
  [usermod]=passwd [openssl]=openssl [tar]=tar [puttygen]=putty-tools
)
missing=()
for program in "${!package_of[@]}"; do
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ]; then
    missing+=("${package_of[$program]}")
  fi
done
for package in libpam-oath; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
    missing+=("$package")
  fi
done
# The TrueNAS-shaped test configurations encrypt with Python's cryptography, as TrueNAS does.
if ! python3 -c 'import cryptography' >/dev/null 2>&1; then
  missing+=(python3-cryptography)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: $packages. Install them (sudo apt-get install $packages) and run again." >&2
  exit 1
fi
echo "Installing test dependencies: $packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $packages >/dev/null
