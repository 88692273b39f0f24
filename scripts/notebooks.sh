#!/usr/bin/env bash
# `npm run notebooks`: executes every notebook in notebooks/ headless with the tslab TypeScript kernel, in name
# order, and stops at the first cell error. Each executed notebook and its HTML export go to reports/notebooks/
# (git-ignored). The notebooks in git carry no outputs: outputs hold timings, temp paths and charts that change
# on every run, and a saved output would go on showing what the code no longer does; this script clears any that
# an interactive session saved, so the HTML export is the place to read results.
# Arguments: notebook names to run only some (e.g. `npm run notebooks -- 04`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Debian's Jupyter when it is missing (installing needs root; the script says so otherwise).
bash scripts/install-jupyter.sh
# The kernel spec lives inside the project (.jupyter/, git-ignored) so nothing outside the clone is touched;
# its `tslab` command resolves through node_modules/.bin on PATH.
export PATH="$root/node_modules/.bin:$PATH"
export JUPYTER_PATH="$root/.jupyter/share/jupyter"
if [ ! -f "$JUPYTER_PATH/kernels/tslab/kernel.json" ]; then
  tslab install --python=/usr/bin/python3 --prefix="$root/.jupyter" >/dev/null
fi
# The notebooks import ../dist (and notebook 06 runs bin/zeekseq.js): build it from the current src/ so they
# never run stale code.
npm run build >/dev/null
out=reports/notebooks
mkdir -p "$out"
shopt -s nullglob
notebooks=()
for notebook in notebooks/*.ipynb; do
  if [ $# -eq 0 ]; then
    notebooks+=("$notebook")
  else
    for wanted in "$@"; do [[ $(basename "$notebook") == "$wanted"* ]] && notebooks+=("$notebook"); done
  fi
done
if [ ${#notebooks[@]} -eq 0 ]; then
  echo "notebooks: no notebook in notebooks/ matches ${*:-*.ipynb}" >&2
  exit 2
fi
export PYDEVD_DISABLE_FILE_VALIDATION=1
total=$(date +%s)
for notebook in "${notebooks[@]}"; do
  name=$(basename "$notebook" .ipynb)
  start=$(date +%s)
  jupyter nbconvert --clear-output --inplace "$notebook" 2>/dev/null
  # Executed from notebooks/, so that ../dist and ../../shared resolve as they do interactively.
  (cd notebooks && jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output "$root/$out/$name.ipynb" "$name.ipynb" 2>"$root/$out/$name.log") || {
    echo "notebook $name failed; see $out/$name.log:" >&2
    tail -30 "$out/$name.log" >&2
    exit 1
  }
  jupyter nbconvert --to html "$out/$name.ipynb" --output-dir "$out" 2>>"$out/$name.log"
  # Every cell that draws a chart must show one: a chart that silently failed to render is an error too.
  python3 - "$out/$name.ipynb" <<'EOF'
import json, sys
cells = json.load(open(sys.argv[1]))['cells']
missing = [i for i, cell in enumerate(cells) if cell['cell_type'] == 'code' and 'await chart(' in ''.join(cell['source'])
           and not any('<svg' in ''.join(output.get('data', {}).get('text/html', '')) for output in cell['outputs'])]
if missing:
    sys.exit(f"{sys.argv[1]}: the chart cells {missing} (0-based) show no SVG")
EOF
  echo "notebook $name ran in $(($(date +%s) - start)) s: $out/$name.html"
done
echo "notebooks: ${#notebooks[@]} ran in $(($(date +%s) - total)) s"
