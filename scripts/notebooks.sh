#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the tslab TypeScript kernel and fails on the first cell
# error. Executed copies go to reports/notebooks/ (git-ignored); the notebooks in git keep their own outputs.
# Needs Debian's Jupyter (jupyter-nbconvert python3-nbclient jupyter-client jupyter-core python3-ipython
# python3-ipykernel): scripts/install-jupyter.sh installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v jupyter >/dev/null 2>&1; then
  echo "notebooks: jupyter is not installed; run 'bash scripts/install-jupyter.sh' (Debian packages, needs root)." >&2
  exit 2
fi
# The kernel spec lives inside the project (.jupyter/, git-ignored) so nothing outside the clone is touched;
# its `tslab` command resolves through node_modules/.bin on PATH.
export PATH="$root/node_modules/.bin:$PATH"
export JUPYTER_PATH="$root/.jupyter/share/jupyter"
if [ ! -f "$JUPYTER_PATH/kernels/tslab/kernel.json" ]; then
  tslab install --python=/usr/bin/python3 --prefix="$root/.jupyter" >/dev/null
fi
# The notebooks import ../dist: build it from the current src/ (a few seconds) so they never run stale code.
npm run build >/dev/null
mkdir -p reports/notebooks
shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ ${#notebooks[@]} -eq 0 ]; then
  echo "notebooks: no notebooks in notebooks/" >&2
  exit 2
fi
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook")
  start=$(date +%s)
  (cd notebooks && PYDEVD_DISABLE_FILE_VALIDATION=1 jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=600 --output "$root/reports/notebooks/$name" "$name" 2>"$root/reports/notebooks/$name.log") || {
    echo "notebook $name failed; see reports/notebooks/$name.log:" >&2
    tail -20 "$root/reports/notebooks/$name.log" >&2
    exit 1
  }
  echo "notebook $name ran in $(( $(date +%s) - start )) s"
done
