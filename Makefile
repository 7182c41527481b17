# Two commands do the main work:  make book  and  make test.
# Both create .venv from requirements.txt on first use (Python 3.11 or newer).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
BUILD_FLAGS := -W -n --keep-going

.PHONY: book book-student pdf test lint format lab grade students bench seminar clean

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

## test: lint, build the book strictly, then run every test (unit, notebooks, browser)
test: lint book
	$(BIN)/python -m pytest

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
