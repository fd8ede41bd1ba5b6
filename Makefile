# Thin wrapper: every target runs in the build environment (packaging/buildenv), which installs
# what is missing on first use. See README.md.
BUILDENV := packaging/buildenv
FILE ?=
SAMPLE := .tome-cache/sample.log
SCREENSHOT := build/screenshot.png

.PHONY: all build run test test-release test-asan bench package clean sample
.PHONY: windows windows-test windows-package

all: build

build:
	$(BUILDENV) sh -c 'cmake --preset release >/dev/null && cmake --build --preset release'

test:
	$(BUILDENV) sh packaging/run-tests.sh

run: build
	$(BUILDENV) sh packaging/run-tome.sh "$(FILE)" "$(SAMPLE)" "$(SCREENSHOT)"

bench: build
	$(BUILDENV) sh tests/bench/run-bench.sh build/release "$(SAMPLE)"

package: build
	$(BUILDENV) sh -c 'cd build/release && cpack'

# Windows x86_64, cross-built with MinGW-w64 (not part of `test`; see README.md, "Windows").
TOME_WINDOWS_SYNTAX ?= ON
windows:
	$(BUILDENV) env TOME_WINDOWS_SYNTAX=$(TOME_WINDOWS_SYNTAX) bash packaging/windows/build.sh

windows-test: windows
	$(BUILDENV) bash packaging/windows/test.sh

windows-package: windows
	$(BUILDENV) bash packaging/windows/package.sh

clean:
	rm -rf build
