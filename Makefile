# Sable: the two set-up commands are `make run` and `make test` (see README.md).
BUILD_DIR   ?= build/release
SAN_DIR     ?= build/sanitize
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
# Debian packages the build, the tests and the benchmark need.
DEB_PACKAGES = cmake g++ make pkg-config libuv1-dev libfmt-dev catch2 libjemalloc-dev liblzf-dev \
               libssl-dev liblua5.1-0-dev lua-cjson-dev lua-bitop-dev redis-server redis-tools \
               python3 python3-redis python3-rq python3-celery tcl

.PHONY: all deps build build-sanitize run test test-sanitize test-redis-suite bench clean format

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
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j2

# The same tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: build-sanitize
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
