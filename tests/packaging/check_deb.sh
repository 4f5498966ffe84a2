#!/usr/bin/env bash
# Builds the Debian package from BUILD_DIR (cpack) into WORK_DIR and checks it as a user would get
# it, without changing the system: the file name (version, git SHA, flavour), the control fields,
# every file it must install, the desktop and AppStream files (when their validators exist), that
# apt can resolve its Depends (`apt-get -s install ./FILE.deb`, a simulation), `sam3studio-cli
# --version` from the unpacked tree, and the GUI from the unpacked tree (offscreen, screenshot in
# WORK_DIR/screenshots; its stderr must name no missing resource or icon).
# With SAM3STUDIO_PACKAGE_INSTALL=1 (root, changes the system) it then installs the package for
# real with `apt-get install ./FILE.deb`, runs the installed sam3studio-cli --version and the
# installed GUI under Xvfb (xvfb-run; offscreen without it), and removes the package again.
# Usage: check_deb.sh BUILD_DIR WORK_DIR
set -euo pipefail
build="$(cd "$1" && pwd)"
work="$2"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Qt names a resource it cannot find (":/icons/...") or an icon it cannot read on stderr.
check_gui_log() {
  if grep -n -i -E ':/[a-z]|icon|cannot (open|read|load)' "$1"; then
    fail "the GUI's stderr ($1) names a missing resource or icon (lines above)"
  fi
}

rm -rf "$work" && mkdir -p "$work/out" "$work/root" "$work/home" "$work/screenshots"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
shopt -s nullglob
debs=("$work"/out/sam3studio_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one sam3studio_*.deb in $work/out, got ${#debs[@]}"
deb="${debs[0]}"
name="$(basename "$deb")"
echo "package: $name ($(du -h "$deb" | cut -f1))"
[[ "$name" =~ ^sam3studio_[0-9]+\.[0-9]+\.[0-9]+\+(g[0-9a-f]{7,40}(\.dirty)?|nogit)-(cpu|cuda)_amd64\.deb$ ]] ||
  fail "file name $name does not carry version+gSHA-flavour_arch"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = sam3studio ] || fail "Package is '$(field Package)'"
version="$(field Version)"
depends="$(field Depends)"
echo "Version: $version"
echo "Depends: $depends"
for dep in libtorch libqt6widgets6 libqt6network6 libopencv-core libyaml-cpp libsqlite3 \
  qt6-qpa-plugins ca-certificates; do
  grep -q "$dep" <<<"$depends" || fail "Depends lacks $dep"
done
if grep -q -- '-cpu_' <<<"$name"; then
  grep -q 'libtorch1' <<<"$depends" || fail "the cpu flavour must depend on Debian's libtorch"
fi

dpkg-deb -x "$deb" "$work/root"
share="$work/root/usr/share"
expect=(usr/bin/sam3studio usr/bin/sam3studio-cli
  usr/share/applications/sam3studio.desktop usr/share/metainfo/io.github.sam3studio.metainfo.xml
  usr/share/icons/hicolor/scalable/apps/sam3studio.svg
  usr/share/sam3studio/models/sam3.yaml usr/share/sam3studio/models/sam3-tiny.yaml
  usr/share/sam3studio/train/default.yaml)
for n in 16 22 24 32 48 64 128 256 512; do
  expect+=("usr/share/icons/hicolor/${n}x${n}/apps/sam3studio.png")
done
for f in "${expect[@]}"; do
  [ -s "$work/root/$f" ] || fail "package lacks $f"
done
echo "files: all ${#expect[@]} expected files present"
# The interface translations are compiled into the GUI (Qt resource :/i18n; rcc stores the names
# as big-endian UTF-16). grep reads all of strings' output (no -q): with pipefail, a grep that quits
# at the first match makes strings die of SIGPIPE and the check fail at random.
strings -eb "$work/root/usr/bin/sam3studio" | grep -x 'sam3studio_de.qm' >/dev/null ||
  fail "no German translation (sam3studio_de.qm) in sam3studio's resources"

if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$share/applications/sam3studio.desktop" || fail "desktop file invalid"
fi
if command -v appstreamcli >/dev/null; then
  appstreamcli validate --no-net "$share/metainfo/io.github.sam3studio.metainfo.xml" ||
    fail "metainfo invalid"
fi

# apt resolves every Depends from the configured archives (simulation: nothing is installed).
apt-get -s install "$deb" >"$work/apt-sim.log" 2>&1 || { cat "$work/apt-sim.log"; fail "apt cannot install $name"; }
grep -q "sam3studio" "$work/apt-sim.log" || { cat "$work/apt-sim.log"; fail "apt simulation did not consider sam3studio"; }
echo "apt: $(grep -c '^Inst ' "$work/apt-sim.log" || true) package(s) would be installed"

cli_version="$("$work/root/usr/bin/sam3studio-cli" --version)"
echo "cli: $cli_version"
sha="$(sed -n 's/.*+g\([0-9a-f]*\).*/\1/p' <<<"$version")"
[ -z "$sha" ] || grep -q "($sha" <<<"$cli_version" || fail "cli reports '$cli_version', package $version"

# The GUI from the unpacked tree, with a throw-away home, in English and German.
for lang in en de; do
  shot="$work/screenshots/package_gui_$lang.png"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
    QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/sam3studio" --lang "$lang" --screenshot "$shot" \
    >"$work/gui_$lang.log" 2>&1 || { cat "$work/gui_$lang.log"; fail "GUI ($lang) failed"; }
  [ -s "$shot" ] || fail "GUI ($lang) wrote no screenshot"
  check_gui_log "$work/gui_$lang.log"
  echo "gui: $shot"
done

if [ "${SAM3STUDIO_PACKAGE_INSTALL:-0}" = 1 ]; then
  [ "$(id -u)" = 0 ] || fail "SAM3STUDIO_PACKAGE_INSTALL=1 needs root (it runs apt-get install)"
  if dpkg -s sam3studio >/dev/null 2>&1; then
    fail "sam3studio is already installed; remove it first (this test removes what it installed)"
  fi
  trap 'apt-get remove -y sam3studio >"$work/apt-remove.log" 2>&1 || true' EXIT
  start=$SECONDS
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$deb" >"$work/apt-install.log" 2>&1 ||
    { cat "$work/apt-install.log"; fail "apt-get install $name failed"; }
  echo "installed: $(dpkg -s sam3studio | sed -n 's/^Version: //p') in $((SECONDS - start)) s"
  installed_version="$(/usr/bin/sam3studio-cli --version)"
  [ "$installed_version" = "$cli_version" ] ||
    fail "installed cli reports '$installed_version', unpacked '$cli_version'"
  echo "installed cli: $installed_version"
  shot="$work/screenshots/package_gui_installed.png"
  run_gui=(env QT_QPA_PLATFORM=offscreen)
  if command -v xvfb-run >/dev/null; then run_gui=(xvfb-run -a -s "-screen 0 1400x900x24"); fi
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
    "${run_gui[@]}" /usr/bin/sam3studio --demo --screenshot "$shot" >"$work/gui_installed.log" 2>&1 ||
    { cat "$work/gui_installed.log"; fail "installed GUI failed (${run_gui[0]})"; }
  [ -s "$shot" ] || fail "installed GUI wrote no screenshot"
  check_gui_log "$work/gui_installed.log"
  echo "installed gui (${run_gui[0]}): $shot"
  start=$SECONDS
  apt-get remove -y sam3studio >"$work/apt-remove.log" 2>&1 || fail "apt-get remove failed"
  trap - EXIT
  ! dpkg -s sam3studio >/dev/null 2>&1 || fail "sam3studio still installed after apt-get remove"
  echo "removed in $((SECONDS - start)) s"
fi
echo "package_deb: all checks passed"
