#!/usr/bin/env bash
# The script part of nvsforge's GitHub Action: download the executable for this runner
# from the release, verify its SHA-256 against SHA256SUMS, run the command with
# annotations for input errors, write a step summary and the outputs.
#
# Inputs (environment): INPUT_COMMAND, INPUT_VERSION, INPUT_FILE_ROOT,
# INPUT_RELEASE_BASE_URL, ACTION_REPOSITORY, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY.
set -uo pipefail

fail() { echo "::error title=nvsforge action::$*"; exit 2; }

case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
  Linux/X64) asset=nvsforge-linux-x64 ;;
  Linux/ARM64) asset=nvsforge-linux-arm64 ;;
  macOS/X64) asset=nvsforge-darwin-x64 ;;
  macOS/ARM64) asset=nvsforge-darwin-arm64 ;;
  Windows/X64) asset=nvsforge-windows-x64.exe ;;
  *) fail "no nvsforge executable for runner ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}" ;;
esac

base="${INPUT_RELEASE_BASE_URL:-}"
if [ -z "$base" ]; then
  [ -n "${INPUT_VERSION:-}" ] || fail "no version to download: set the 'version' input"
  base="https://github.com/${ACTION_REPOSITORY}/releases/download/${INPUT_VERSION}"
fi

dir="${RUNNER_TEMP:-$(mktemp -d)}/nvsforge-${INPUT_VERSION:-local}"
mkdir -p "$dir"
exe="$dir/$asset"
curl -fsSL --retry 3 -o "$dir/SHA256SUMS" "$base/SHA256SUMS" || fail "cannot download $base/SHA256SUMS"
curl -fsSL --retry 3 -o "$exe" "$base/$asset" || fail "cannot download $base/$asset"

want=$(awk -v f="$asset" '$2 == f || $2 == "*" f { print $1 }' "$dir/SHA256SUMS")
[ -n "$want" ] || fail "SHA256SUMS lists no $asset"
if command -v sha256sum >/dev/null 2>&1; then
  got=$(sha256sum "$exe" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$exe" | awk '{ print $1 }')
fi
[ "$got" = "$want" ] || fail "checksum mismatch for $asset: expected $want, got $got"
chmod +x "$exe"

# Split the command line into words, without evaluating it: whitespace (newlines too)
# separates words; '...' and "..." group words and are removed; a backslash is an ordinary
# character (Windows paths: C:\fw\nvs.csv); a quote inside a word or without its closing
# partner is an ordinary character too (an apostrophe: O'Brien.csv).
split_words() {
  local s=$1 word= have=0 i=0 c rest
  local n=${#s}
  args=()
  while [ "$i" -lt "$n" ]; do
    c=${s:i:1}
    case "$c" in
      ' ' | $'\t' | $'\n' | $'\r')
        if [ "$have" -eq 1 ]; then args+=("$word"); word=; have=0; fi
        i=$((i + 1))
        ;;
      "'" | '"')
        rest=${s:i+1}
        # A quote groups only where a word or a --name= value starts, and only with its
        # closing partner: inside a word (O'Brien) it is a letter.
        if { [ "$have" -eq 0 ] || [[ "$word" == *= ]]; } && [[ "$rest" == *"$c"* ]]; then
          word+=${rest%%"$c"*}
          rest=${rest%%"$c"*}
          i=$((i + 2 + ${#rest}))
        else
          word+=$c
          i=$((i + 1))
        fi
        have=1
        ;;
      *)
        word+=$c
        have=1
        i=$((i + 1))
        ;;
    esac
  done
  if [ "$have" -eq 1 ]; then args+=("$word"); fi
}
split_words "${INPUT_COMMAND:-}"
[ "${#args[@]}" -gt 0 ] || fail "the 'command' input is empty"

outdir=.
manifest=
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --outdir) outdir="${args[i + 1]:-.}" ;;
    --outdir=*) outdir="${args[i]#--outdir=}" ;;
    --manifest) manifest="${args[i + 1]:-}" ;;
    --manifest=*) manifest="${args[i]#--manifest=}" ;;
  esac
done

global=(--error-format github)
[ -n "${INPUT_FILE_ROOT:-}" ] && global+=(--file-root "$INPUT_FILE_ROOT")

# What is in the outdir before the run: the summary counts only what this run wrote (new
# images, or images replaced after the marker), not an earlier run's.
marker="$dir/run-started"
before="$dir/images-before"
list_images() {
  if [ -d "$outdir" ]; then find "$outdir" -name '*.bin' -not -path '*/keys/*' | LC_ALL=C sort; fi
}
list_images >"$before"
touch "$marker"

log="$dir/stderr.log"
# stderr goes through tee in a pipeline (not a process substitution, which `wait` does not
# wait for): the pipeline ends only when tee has written every line to $log, so the counts
# below see all of them. stdout stays on fd 3, the step's own stdout.
{ "$exe" "${global[@]}" "${args[@]}" 2>&1 1>&3 3>&- | tee "$log" >&2 3>&-; } 3>&1
status=${PIPESTATUS[0]}

warnings=$(grep -c '^::warning' "$log" 2>/dev/null || true)
errors=$(grep -c '^::error' "$log" 2>/dev/null || true)
images=0
bytes=0
list_images >"$dir/images-after"
{
  LC_ALL=C comm -13 "$before" "$dir/images-after"
  LC_ALL=C comm -12 "$before" "$dir/images-after" | while IFS= read -r f; do
    if [ "$f" -nt "$marker" ]; then printf '%s\n' "$f"; fi
  done
} >"$dir/images-now"
while IFS= read -r f; do
  images=$((images + 1))
  bytes=$((bytes + $(wc -c <"$f")))
done <"$dir/images-now"
devices=$images
if [ -n "$manifest" ] && [ -f "$manifest" ] && [ "$manifest" -nt "$marker" ]; then
  devices=$(grep -c . "$manifest" || true)
fi

{
  echo "outdir=$outdir"
  echo "manifest=$manifest"
  echo "exit-code=$status"
} >>"${GITHUB_OUTPUT:-/dev/null}"

{
  echo "### nvsforge"
  echo
  echo "\`nvsforge ${INPUT_COMMAND}\`"
  echo
  echo "| result | devices | images | bytes | warnings | errors |"
  echo "|---|---|---|---|---|---|"
  echo "| $([ "$status" -eq 0 ] && echo "✅ success" || echo "❌ exit $status") | $devices | $images | $bytes | ${warnings:-0} | ${errors:-0} |"
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"

exit "$status"
