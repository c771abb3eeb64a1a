# Sable: the two set-up commands are `make run` and `make test` (see README.md).
BUILD_DIR   ?= build/release
SAN_DIR     ?= build/sanitize
FUZZ_DIR    ?= build/fuzz
FUZZ_SECONDS ?= 60
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
# Debian packages the build, the tests and the benchmark need.
DEB_PACKAGES = cmake g++ make pkg-config libuv1-dev libfmt-dev catch2 libjemalloc-dev liblzf-dev \
               libssl-dev libhiredis-dev liblua5.1-0-dev lua-cjson-dev lua-bitop-dev redis-server redis-tools \
               python3 python3-redis python3-rq python3-celery tcl openssl
# Node.js for tests/clients/node: Debian's nodejs (18.20) and npm (9.2) run the pinned packages
# (their engines ask for Node >= 18.19), so they are installed when no node/npm is on PATH. A
# node from elsewhere (e.g. NodeSource's nodejs, which bundles npm and conflicts with Debian's
# npm package) is left alone.
DEB_PACKAGES += $(if $(shell command -v node 2>/dev/null),,nodejs) \
                $(if $(shell command -v npm 2>/dev/null),,npm)
NODE_TEST_DIR = tests/clients/node

.PHONY: all deps node-deps build build-sanitize run test test-sanitize test-redis-suite bench fuzz \
        clean format

all: build

# Installs whatever Debian packages are missing (apt-get update once, then install).
deps:
	@missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != "0" ]; then \
	    echo "Missing packages. Run as root:"; \
	    echo "  apt-get update && apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	  echo "Installing:$$missing"; \
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing || exit 1; \
	  case "$$missing" in *redis-server*) \
	    (systemctl disable --now redis-server >/dev/null 2>&1 || service redis-server stop >/dev/null 2>&1 || true);; \
	  esac; \
	fi

# The npm packages the Node client tests use, from the committed lockfile; `npm ci` runs only
# when node_modules is missing or older than the lockfile.
node-deps: deps
	@command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || { \
	  echo "node and npm are needed by the Node client tests ($(NODE_TEST_DIR)); install Node.js >= 18.19"; \
	  exit 1; }
	@node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>18||(a===18&&b>=19)?0:1)' || { \
	  echo "node $$(node --version) is too old for $(NODE_TEST_DIR): Node.js >= 18.19 is needed"; exit 1; }
	@if [ ! -d $(NODE_TEST_DIR)/node_modules ] || [ $(NODE_TEST_DIR)/package-lock.json -nt $(NODE_TEST_DIR)/node_modules ]; then \
	  echo "npm ci --prefix $(NODE_TEST_DIR)"; \
	  npm ci --prefix $(NODE_TEST_DIR) --prefer-offline --no-audit --no-fund && touch $(NODE_TEST_DIR)/node_modules || exit 1; \
	fi

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

build-sanitize: deps
	@cmake -S . -B $(SAN_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSABLE_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_DIR) -j$(JOBS)

# Starts the server on 127.0.0.1:6379 with redis.conf.
run: build
	./$(BUILD_DIR)/sable-server redis.conf

# Every test through ctest: unit tests, in-process command tests, integration and
# differential tests against Debian's redis-server.
test: build node-deps
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: build-sanitize node-deps
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir $(SAN_DIR) --output-on-failure -j2

# Redis 7.0.15's own test suite (from ../shared/redis-test-suite, never copied here) against the
# Release build: fails when a unit passes fewer tests than its floor in
# tests/redis-suite-floor.tsv, or when the server crashed.
test-redis-suite: build
	/usr/bin/python3 tests/redis_suite/check_floor.py --server ./$(BUILD_DIR)/sable-server

# Throughput and memory per key next to redis-server, same run.
bench: build
	/usr/bin/python3 bench/compare --server ./$(BUILD_DIR)/sable-server

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf build

# libFuzzer (clang, ASan + UBSan): each tests/fuzz target for FUZZ_SECONDS, starting from its
# committed corpus; new inputs go to $(FUZZ_DIR)/corpus-<target>, failures to
# $(FUZZ_DIR)/artifacts (copy a fixed one into tests/fuzz/corpus/<target> as a regression).
fuzz:
	@$(MAKE) --no-print-directory deps DEB_PACKAGES="$(DEB_PACKAGES) clang libclang-rt-14-dev"
	@cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DSABLE_FUZZ=ON >/dev/null
	@targets=$$(ls tests/fuzz/fuzz_*.cc | sed 's|tests/fuzz/fuzz_||; s|\.cc||'); \
	cmake --build $(FUZZ_DIR) -j$(JOBS) --target $$(for t in $$targets; do printf 'fuzz-%s ' $$t; done); \
	mkdir -p $(FUZZ_DIR)/artifacts; \
	for t in $$targets; do \
	  mkdir -p $(FUZZ_DIR)/corpus-$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  ./$(FUZZ_DIR)/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -rss_limit_mb=4096 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/$$t- $(FUZZ_DIR)/corpus-$$t tests/fuzz/corpus/$$t \
	    2>&1 | tail -3 || exit 1; \
	done
