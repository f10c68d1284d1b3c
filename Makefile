# PKS for x86: harness for the patch series in patches/ (Linux 6.12) and
# patches-mainline/ (Linux 7.3). BASE=mainline selects the second (see
# configs/bases.list); every target works on either.
# Every target is a thin call to one script in scripts/.
S := scripts
# The build directory of the base: build/, or build/mainline/ for BASE=mainline.
B := $(shell BASE='$(BASE)' bash -c '. $(S)/lib.sh && echo "$$RBUILD"')
$(if $(B),,$(error BASE=$(BASE): not a base of configs/bases.list))

.PHONY: help run check deps tree export build initramfs check-distro check-bisect check-builds sabotage-check torture bench clean

help:
	@sed -n 's/^## //p' Makefile

## make run          build and boot the PKS kernel under QEMU (-cpu max), show PKS at work
run: tree initramfs
	@$(S)/build.sh test
	@export RESULTS=$(B)/results-run.ktap; : >$$RESULTS; rm -f $$RESULTS.evidence; \
	 $(S)/boot.sh $$([ -t 0 ] && [ -t 1 ] && echo -i) run test max 1 demo; \
	 cat $(B)/logs/run.results

## make check        the full test suite (KTAP; ends with "N passed, N failed, N skipped")
check:
	@$(S)/check.sh

deps:
	@$(S)/deps.sh

## make tree         create/refresh build/linux: base (tag "base") + patches/
tree: deps
	@$(S)/tree.sh

## make export       write build/linux's commits base..HEAD back to patches/
export:
	@$(S)/export.sh

## make build        build the test and no-consumer kernels (build/out/CONFIG)
build: tree
	@$(S)/build.sh test
	@$(S)/build.sh noconsumer

## make initramfs    build the test programs and the guest initramfs
initramfs: tree
	@$(S)/selftests.sh
	@$(S)/initramfs.sh $(B)/initramfs.cpio.gz

## make check-distro build with Debian's stock config (+FRED, PKS) and boot it once
check-distro: tree initramfs
	@$(S)/check-distro.sh

## make check-bisect build every prefix of the series (each patch must build)
check-bisect: tree
	@$(S)/check-bisect.sh

## make check-builds the build matrix (configs/builds.list): i386, tiny, defconfig, debug, clang, randconfig, W=1, sparse, docs
check-builds: tree
	@$(S)/deps.sh builds
	@$(S)/check-builds.sh

## make torture      run the PKS torture test alone, DURATION seconds (default 60)
DURATION ?= 60
torture: tree initramfs
	@$(S)/build.sh test
	@export RESULTS=$(B)/results-torture.ktap BOOT_TIMEOUT=$$(($(DURATION) + 300)); : >$$RESULTS; rm -f $$RESULTS.evidence; \
	 $(S)/boot.sh torture test max 1 pks-torture torture_secs=$(DURATION); \
	 grep 'pks_torture: ops=' $(B)/logs/torture.console; ! grep -q '^not ok' $$RESULTS

## make bench        the PKS benchmark: one table (build/bench/table.md); see the README
bench: tree initramfs
	@$(S)/bench.sh

## make sabotage-check disable each safety mechanism in turn: the tests must go red
sabotage-check: tree initramfs
	@$(S)/sabotage.sh

## make clean        remove build output (keeps build/linux, build/base and ccache)
clean:
	rm -rf $(B)/out $(B)/builds $(B)/selftests $(B)/headers $(B)/initramfs* $(B)/logs
