#!/usr/bin/env bash
# Makes sure the images @RealInfrastructure starts (src/main/resources/sagashop/
# test-images.properties) are in the local Docker engine: present, pulled, or, where no
# registry answers, built here as local stand-ins from local files (ADR 2):
#   - a Debian base made with debootstrap, from this machine's own apt sources;
#   - PostgreSQL from zonky's binaries (the embedded path's), with the official image's
#     entry-point contract;
#   - Kafka from the Maven artifacts the local stack runs, with apache/kafka's run script.
# Usage: build-images.sh [--build]   (--build: do not try to pull; build what is missing)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
images="$root/test-support/src/main/resources/sagashop/test-images.properties"
work="$root/test-support/target/test-images"
base_image=sagashop-test/debian-base:bookworm
export DOCKER_BUILDKIT=0

postgres_image=$(sed -n 's/^postgres=//p' "$images")
kafka_image=$(sed -n 's/^kafka=//p' "$images")
pull=true
[ "${1:-}" = --build ] && pull=false

say() { echo "[test images] $*"; }
present() { docker image inspect "$1" > /dev/null 2>&1; }

# The first Debian mirror of this machine's apt sources for the suite (one-line or deb822).
apt_mirror() {
	local suite=$1
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2> /dev/null \
		| awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2; exit }'
	cat /etc/apt/sources.list.d/*.sources 2> /dev/null | awk -v suite="$suite" '
		BEGIN { RS = "" }
		$0 ~ ("Suites:[^\n]*[ \t]" suite "([ \t\n]|$)") && $0 ~ /Types:[^\n]*deb([ \t\n]|$)/ {
			for (i = 1; i <= NF; i++) if ($i == "URIs:") { print $(i + 1); exit }
		}'
}

build_base() {
	present "$base_image" && return
	command -v debootstrap > /dev/null || { echo "debootstrap is needed to build $base_image" >&2; exit 1; }
	local mirror
	mirror=${SAGASHOP_DEBIAN_MIRROR:-$(apt_mirror bookworm | head -1)}
	[ -n "$mirror" ] || { echo "No Debian bookworm source in /etc/apt: set SAGASHOP_DEBIAN_MIRROR" >&2; exit 1; }
	say "building $base_image with debootstrap (about a minute)"
	rm -rf "$work/base" && mkdir -p "$work/base"
	debootstrap --variant=minbase bookworm "$work/base/rootfs" "$mirror" > "$work/base/debootstrap.log" 2>&1 \
		|| { tail -20 "$work/base/debootstrap.log" >&2; exit 1; }
	rm -rf "$work/base/rootfs/var/cache/apt/archives/"*.deb "$work/base/rootfs/var/lib/apt/lists/"*
	tar -C "$work/base/rootfs" -c . | docker import - "$base_image" > /dev/null
	rm -rf "$work/base"
}

# Runs a command with its output in a log, shown only when it fails: quietly LOG COMMAND...
quietly() {
	local log=$1
	shift
	"$@" > "$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
}

build() {
	quietly "$2.log" docker build --build-arg BASE="$base_image" -t "$1" "$2"
}

build_postgres() {
	local version context=$work/postgres arch
	version=$(sed -n 's:.*<embedded-postgres-binaries.version>\(.*\)</embedded-postgres-binaries.version>.*:\1:p' "$root/pom.xml")
	case $(uname -m) in
		x86_64) arch=amd64 ;;
		aarch64) arch=arm64v8 ;;
		*) echo "No PostgreSQL binaries for $(uname -m)" >&2; exit 1 ;;
	esac
	say "building $postgres_image: PostgreSQL $version (zonky's binaries for linux-$arch)"
	rm -rf "$context" && mkdir -p "$context/pg"
	cp "$here/postgres/"* "$context/"
	quietly "$context.mvn.log" mvn -B -f "$root/pom.xml" -N dependency:copy -Dmdep.stripVersion=true -DoutputDirectory="$context" \
		-Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-$arch:$version"
	unzip -q -p "$context/embedded-postgres-binaries-linux-$arch.jar" '*.txz' | tar -xJ -C "$context/pg"
	rm "$context/embedded-postgres-binaries-linux-$arch.jar"
	build "$postgres_image" "$context"
}

build_kafka() {
	local context=$work/kafka version=${kafka_image##*:} java_home modules
	say "building $kafka_image: the broker's jars and a Java runtime linked from this JDK"
	rm -rf "$context" && mkdir -p "$context"
	cp "$here/kafka/"{Dockerfile,run,server.properties,log4j2.properties} "$context/"
	quietly "$context.mvn.log" mvn -B -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
		-DoutputDirectory="$context/libs"
	[ -f "$context/libs/kafka_2.13-$version.jar" ] \
		|| { echo "The build's Kafka is not $version (the image's tag): fix $images" >&2; exit 1; }
	java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
	modules=$("$java_home/bin/java" --list-modules | sed 's/@.*//' | grep -v '^jdk\.incubator\.' | paste -sd, -)
	"$java_home/bin/jlink" --add-modules "$modules" \
		--strip-debug --no-header-files --no-man-pages --output "$context/jre"
	build "$kafka_image" "$context"
}

docker info > /dev/null 2>&1 || { echo "No Docker engine answers" >&2; exit 1; }
for image in "$postgres_image" "$kafka_image"; do
	if present "$image"; then
		say "$image is present"
		continue
	fi
	if $pull && timeout 120 docker pull -q "$image" > /dev/null 2>&1; then
		say "$image pulled"
		continue
	fi
	build_base
	case $image in
		"$postgres_image") build_postgres ;;
		"$kafka_image") build_kafka ;;
	esac
	say "$image built"
done
