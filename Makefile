# Two commands do the main work:  make book  and  make test.
# Both create .venv from requirements.txt on first use (Python 3.11 or newer).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BUILD_FLAGS := -W -n --keep-going

.PHONY: book book-student pdf test test-fast test-unit test-notebooks test-browser coverage \
	stress lint format lab grade students bench seminar clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

## book: build the HTML book strictly (zero warnings) into _build/html
book: $(STAMP)
	$(BIN)/jupyter-book build . $(BUILD_FLAGS)
	@echo "The book is at _build/html/index.html"

## book-student: the book without answers, solutions or instructors' pages (for graded courses)
book-student: $(STAMP)
	$(BIN)/python book/_ext/student_edition.py _build/student
	$(BIN)/jupyter-book build . $(BUILD_FLAGS) --config _build/student/_config.yml \
		--toc _build/student/_toc.yml --path-output _build/student
	@echo "The student edition is at _build/student/_build/html/index.html"

## pdf: the book as one PDF, _build/pdf/sequencing-peace.pdf. Needs TeX, e.g. on Debian/Ubuntu:
##   apt-get install latexmk texlive-xetex texlive-latex-recommended texlive-latex-extra \
##     texlive-fonts-recommended fonts-freefont-otf
pdf: $(STAMP)
	$(BIN)/jupyter-book build . --builder pdflatex --path-output _build/pdf
	cp _build/pdf/_build/latex/sequencing-peace.pdf _build/pdf/sequencing-peace.pdf
	@echo "The PDF is at _build/pdf/sequencing-peace.pdf"

# The tests run on two processes (pytest-xdist; WORKERS=0 runs them in this one). --dist
# loadfile keeps each file on one worker, so module fixtures (a graded class, a book build)
# are made once; tests/conftest.py puts the built-book browser files on one worker too.
WORKERS ?= 2
PYTEST   = $(BIN)/python -m pytest $(if $(filter-out 0,$(WORKERS)),-n $(WORKERS) --dist loadfile)
# Coverage of the package, in every worker; the floor is fail_under in pyproject.toml.
COVER    = --cov=korea_talks --cov-report=term:skip-covered
# The CI jobs split the suite into three parts that together hold every test: notebooks and
# grading (kernels, sandboxes), the built book and browsers, and all the rest.
NOTEBOOK_TESTS = tests/exercises tests/grading tests/authoring
NOT_UNIT       = $(foreach path,$(NOTEBOOK_TESTS) tests/browser,--ignore=$(path)) -m "not browser"

## test: lint, build the book strictly, then run every test (unit, notebooks, browser)
# (lint and the book build run side by side, each target's output printed in one piece)
test: $(STAMP)
	$(MAKE) --no-print-directory -j 2 --output-sync=target lint book
	$(PYTEST) $(COVER)

## test-fast: the quick local run: every test that is neither slow nor a browser test
test-fast: $(STAMP)
	$(PYTEST) -m "not slow and not browser" --durations=5

# The CI jobs (see .github/workflows/tests.yml). Each writes its coverage data to
# .coverage.<part>; `make coverage` combines the parts and applies the floor.
test-unit: $(STAMP)
	COVERAGE_FILE=.coverage.unit $(PYTEST) $(COVER) --cov-fail-under=0 $(NOT_UNIT)

test-notebooks: $(STAMP)
	COVERAGE_FILE=.coverage.notebooks $(PYTEST) $(COVER) --cov-fail-under=0 \
		-m "not browser" $(NOTEBOOK_TESTS)

## test-browser: the tests of the built book (run make book first) and every browser test
test-browser: $(STAMP)
	COVERAGE_FILE=.coverage.browser $(PYTEST) $(COVER) --cov-fail-under=0 tests/browser
	COVERAGE_FILE=.coverage.browser $(PYTEST) $(COVER) --cov-fail-under=0 --cov-append \
		-m browser --ignore=tests/browser

## coverage: add up the CI jobs' coverage parts (.coverage.*) and apply the floor
coverage: $(STAMP)
	$(BIN)/coverage combine --keep .coverage.*
	$(BIN)/coverage report

## stress: the browser, seminar and council tests 10 times under CPU load, reporting passes out of 10
##   (run make book first; ROUNDS=n and LOAD=n busy-loop processes change the defaults)
stress: $(STAMP)
	$(if $(ROUNDS),ROUNDS=$(ROUNDS)) $(if $(LOAD),LOAD=$(LOAD)) $(if $(TESTS),TESTS="$(TESTS)") PYTHON=$(BIN)/python bash .ci/stress

# actionlint (see .github/actionlint-requirements.txt) checks the workflow files when it is
# installed; REQUIRE_ACTIONLINT=true (set by the tests workflow) makes its absence an error.
ACTIONLINT = $(or $(wildcard $(BIN)/actionlint),$(shell command -v actionlint 2>/dev/null))

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	@if [ -n "$(ACTIONLINT)" ]; then \
		echo "$(ACTIONLINT)"; "$(ACTIONLINT)"; \
	elif [ "$$REQUIRE_ACTIONLINT" = true ]; then \
		echo "actionlint is not installed: pip install -r .github/actionlint-requirements.txt"; \
		exit 1; \
	else \
		echo "actionlint is not installed: workflow files not checked" \
			"(pip install -r .github/actionlint-requirements.txt installs it)"; \
	fi

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## lab: open the module in JupyterLab (chapters open as notebooks; as root, with --allow-root)
lab: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" sh postBuild
	$(BIN)/jupyter lab $$(if [ "$$(id -u)" = 0 ]; then echo --allow-root; fi)

## grade: grade a class, e.g. make grade SUBMISSIONS=submissions/set1 KEY=exercises/source/set1-crisis.ipynb
grade: $(STAMP)
	$(BIN)/korea-talks grade $(SUBMISSIONS) --key $(KEY) --out $(or $(OUT),gradebook.csv)

## seminar: serve the negotiation simulation (resumes SEMINAR_DB if it exists). On the
##   classroom network: make seminar HOST=0.0.0.0 ; fewer teams: TEAMS="US DPRK ROK China"
seminar: $(STAMP)
	$(BIN)/korea-talks seminar serve --db $(or $(SEMINAR_DB),seminar.sqlite) \
		--host $(or $(HOST),127.0.0.1) --port $(or $(PORT),8765) $(if $(TEAMS),--teams $(TEAMS))

## students: run the instructor sources (the keys) and write both student editions,
##   exercises/practice/ and exercises/graded/, and the exercise pages in book/exercises/
students: $(STAMP)
	$(BIN)/korea-talks students build exercises/

## bench: run the benchmarks and print their figures
bench: $(STAMP)
	@for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf _build
