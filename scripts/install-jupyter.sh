#!/usr/bin/env bash
# Installs Jupyter from Debian's packages (the notebooks' only non-npm need) when it is missing.
set -euo pipefail
if command -v jupyter >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-jupyter: Jupyter is missing and installing it needs root: sudo bash scripts/install-jupyter.sh" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython python3-ipykernel >/dev/null
