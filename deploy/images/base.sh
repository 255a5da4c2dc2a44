#!/bin/sh
# The images' base without a Docker daemon or a registry (the `images` profile runs it before Jib):
#   deploy/images/base.sh OUT_TAR
# writes OUT_TAR, a `docker save`-style tarball (manifest.json, config, uncompressed layers) that Jib reads as
# `tar://OUT_TAR`, with two layers:
#   1. a minimal Debian 12 (bookworm) rootfs from the Debian mirror: `mmdebstrap --variant=minbase` plus
#      ca-certificates and procps (/bin/kill: `tributary node --signal` runs it), the user and group tributary
#      (10001) and the writable directories the Dockerfiles make (/data, /var/run/tributary, /var/lib/tributary owned by 10001:0, mode 0770; /etc/tributary);
#   2. a JRE made by `jlink` from $JAVA_HOME (the build's JDK) in /opt/java/openjdk, on the PATH, as JAVA_HOME.
# Needs root (or mmdebstrap's unshare mode), mmdebstrap, jq and the mirror. The rootfs is cached in
# $TRIBUTARY_IMAGE_CACHE (default ~/.cache/tributary/images) under a key of this script's contents, so a rerun
# takes seconds; delete the cache to refresh the Debian packages.
set -eu

out="${1:?usage: base.sh OUT_TAR}"
: "${JAVA_HOME:?JAVA_HOME must name the JDK to jlink from}"
SUITE=bookworm
MIRROR="${TRIBUTARY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${TRIBUTARY_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
# What the node, the control plane and the operator use (jdeps over their jars, plus what is loaded
# reflectively: JNDI DNS, JFR, the cryptoki/EC providers, zipfs, the JMX agent).
JRE_MODULES="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,\
java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.crypto.cryptoki,jdk.crypto.ec,\
jdk.jfr,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs"

for tool in mmdebstrap jq sha256sum; do
  command -v "$tool" >/dev/null || { echo "base.sh: $tool is missing (apt-get install mmdebstrap jq)" >&2; exit 1; }
done

cache="${TRIBUTARY_IMAGE_CACHE:-$HOME/.cache/tributary/images}"
key="$(sha256sum "$0" | cut -c1-16)"
rootfs="$cache/debian-$SUITE-minbase-$key.tar"
mkdir -p "$cache"
if [ ! -s "$rootfs" ]; then
  rm -f "$cache/debian-$SUITE-minbase-"*.tar # an older script's
  echo "base.sh: mmdebstrap $SUITE minbase from $MIRROR -> $rootfs"
  # shellcheck disable=SC2016 # the hooks' "$1" is mmdebstrap's, expanded by its shell
  # merged /usr set up by mmdebstrap's hook (usr-is-merged, not usrmerge and the perl it pulls in); no manual
  # pages, translations or documentation but the copyright files
  mmdebstrap --variant=minbase --include=ca-certificates,procps --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='chroot "$1" groupadd --system --gid 10001 tributary' \
    --customize-hook='chroot "$1" useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin tributary' \
    --customize-hook='chroot "$1" sh -c "mkdir -p /data /var/run/tributary /var/lib/tributary /etc/tributary \
      && chown 10001:0 /data /var/run/tributary /var/lib/tributary \
      && chmod 0770 /data /var/run/tributary /var/lib/tributary"' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*.log "$1"/var/cache/ldconfig/aux-cache' \
    --format=tar "$SUITE" "$rootfs.tmp" \
    "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" "deb $SECURITY_MIRROR $SUITE-security main"
  mv "$rootfs.tmp" "$rootfs"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$JAVA_HOME/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$work/jre/opt/java/openjdk"
tar -C "$work/jre" --sort=name --owner=0 --group=0 --numeric-owner --mtime='@1' -cf "$work/jre.tar" opt
cp "$rootfs" "$work/rootfs.tar"
# mmdebstrap empties /run (a tmpfs on a booted system) after the hooks: /var/run/tributary (→ /run/tributary, the
# node's pid file) is appended to the layer here.
mkdir -p "$work/run/run/tributary"
tar -C "$work/run" --owner=10001 --group=0 --numeric-owner --mode=0770 --mtime='@1' -rf "$work/rootfs.tar" \
  ./run/tributary

diff_id() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }
version="$("$work/jre/opt/java/openjdk/bin/java" -XshowSettings:properties -version 2>&1 |
  sed -n 's/^ *java.runtime.version = //p')"
jq -n --arg rootfs "$(diff_id "$work/rootfs.tar")" --arg jre "$(diff_id "$work/jre.tar")" \
  --arg version "$version" --arg modules "$JRE_MODULES" '{
    architecture: "amd64", os: "linux", created: "1970-01-01T00:00:00Z",
    config: {
      Env: ["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8"],
      Labels: {"io.tributary.base": "debian bookworm minbase + jlink JRE",
               "io.tributary.jre.version": $version, "io.tributary.jre.modules": $modules}
    },
    rootfs: {type: "layers", diff_ids: [$rootfs, $jre]},
    history: [{created: "1970-01-01T00:00:00Z", created_by: "mmdebstrap --variant=minbase bookworm"},
              {created: "1970-01-01T00:00:00Z", created_by: "jlink (JDK \($version))"}]
  }' >"$work/config.json"
jq -n '[{Config: "config.json", RepoTags: ["tributary/base:bookworm"], Layers: ["rootfs.tar", "jre.tar"]}]' \
  >"$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work" --owner=0 --group=0 --numeric-owner -cf "$out.tmp" manifest.json config.json rootfs.tar jre.tar
mv "$out.tmp" "$out"
echo "base.sh: $out ($(du -h "$out" | cut -f1); JRE $version)"
