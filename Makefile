# ipsec-doctor: build, install, test.
#   make                          release build (a self-contained binary: Swift runtime linked in)
#   make install PREFIX=/usr/local   binary, rule and knowledge bases, man page, shell completions
#   make test                     the quick test suite (what CI runs, minus the root-only lab)
# The Swift toolchain must be on PATH (on the project's machines: /opt/swift/usr/bin).
PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
BIN     := .build/release/ipsec-doctor
MANDIR  := .build/man
MANPAGE := $(MANDIR)/ipsec-doctor.1
COMPL   := .build/completions
SHARE   := $(DESTDIR)$(PREFIX)/share

.PHONY: all build man completions install uninstall test

all: build

build:
	$(SWIFT) build -c release --static-swift-stdlib

# swift-argument-parser's generate-manual tool writes the page from the commands' own help
# (the same tool its `generate-manual` plugin runs, here on our self-contained binary, so the
# release build happens once).
man: build
	$(SWIFT) build --product generate-manual
	mkdir -p $(MANDIR)
	.build/debug/generate-manual $(BIN) --authors "the ipsec-doctor authors" --output-directory $(MANDIR)

completions: build
	mkdir -p $(COMPL)
	$(BIN) --generate-completion-script bash > $(COMPL)/ipsec-doctor.bash
	$(BIN) --generate-completion-script zsh > $(COMPL)/_ipsec-doctor
	$(BIN) --generate-completion-script fish > $(COMPL)/ipsec-doctor.fish

install: build man completions
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ipsec-doctor
	rm -rf $(SHARE)/ipsec-doctor/Rules $(SHARE)/ipsec-doctor/Knowledge
	mkdir -p $(SHARE)/ipsec-doctor
	cp -R Rules Knowledge $(SHARE)/ipsec-doctor/
	install -D -m 644 $(MANPAGE) $(SHARE)/man/man1/ipsec-doctor.1
	install -D -m 644 $(COMPL)/ipsec-doctor.bash $(SHARE)/bash-completion/completions/ipsec-doctor
	install -D -m 644 $(COMPL)/_ipsec-doctor $(SHARE)/zsh/site-functions/_ipsec-doctor
	install -D -m 644 $(COMPL)/ipsec-doctor.fish $(SHARE)/fish/vendor_completions.d/ipsec-doctor.fish
	install -D -m 644 docs/CONTRACT.md $(SHARE)/doc/ipsec-doctor/CONTRACT.md
	install -D -m 644 docs/report.schema.json $(SHARE)/doc/ipsec-doctor/report.schema.json
	@echo "installed: $(DESTDIR)$(PREFIX)/bin/ipsec-doctor (data in $(SHARE)/ipsec-doctor, man ipsec-doctor)"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ipsec-doctor $(SHARE)/man/man1/ipsec-doctor.1
	rm -f $(SHARE)/bash-completion/completions/ipsec-doctor $(SHARE)/zsh/site-functions/_ipsec-doctor
	rm -f $(SHARE)/fish/vendor_completions.d/ipsec-doctor.fish
	rm -rf $(SHARE)/ipsec-doctor $(SHARE)/doc/ipsec-doctor

test:
	$(SWIFT) test --skip LabTests
