"""The module where students use it: real JupyterLab in chromium.

JupyterLab is started on 127.0.0.1 over the repository, with autosave off so that nothing
the test does is written back to the notebooks (checked at the end). The roadmap chapter
is opened as a notebook through jupytext ("Open With"), all cells are run from the Run
menu, and the sequence widget is used with mouse and keyboard: its verdict and
explanation must follow the model's own results. An exercise notebook's check cell must
answer a wrong and a right answer as the checker does. The server is stopped by its PID.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import REPO, STATE_TIMEOUT_MS, free_port, stop_process, wait_for_http
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a JupyterLab server and kernels

ROADMAP = "book/chapters/07-the-roadmap.md"
CHAPTER_1 = "book/chapters/01-crisis-of-spring-2017.md"
RAW_MYST = ("{glue", "{cite}", ":::{", "{term}", "{numref}")
"""MyST markup that must not show as text once JupyterLab renders a chapter."""
EXERCISE = "exercises/practice/set1-crisis.ipynb"
EXERCISE_QUESTION = "set1.q2"  # a one-letter choice item (q1 asks for a list of letters)
OPEN_WITH_NOTEBOOK = re.compile(r"^(Jupytext )?Notebook$")
"""The notebook views jupytext adds to "Open With" for a MyST markdown file."""
TIMEOUT = STATE_TIMEOUT_MS  # the first kernel start on a fresh machine can be slow

SETTINGS = {
    # nothing the test does may be saved into the repository
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # every cell stays in the page (no virtual scrolling), so the test can read them all
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no news or update checks (no request to other hosts, no pop-up)
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def digest(path: Path) -> str:
    """SHA-256 of a file, to prove the test did not change it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """JupyterLab on 127.0.0.1 (root_dir: the repository), stopped by its PID afterwards."""
    home = tmp_path_factory.mktemp("lab")
    for name, values in SETTINGS.items():
        target = home / "settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf8")
    # the repository's own JupyterLab settings, applied as `make lab` and Binder apply them
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    subprocess.run(["sh", str(REPO / "postBuild")], check=True, env=env, capture_output=True)
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", "--allow-root", "--no-browser"]
    command += ["--IdentityProvider.token=", "--ip", "127.0.0.1", "--port", str(port)]
    command += [f"--ServerApp.root_dir={REPO}", f"--LabApp.user_settings_dir={home / 'settings'}"]
    command += [f"--LabApp.workspaces_dir={home / 'workspaces'}"]
    # Checkpoints go to the temporary home, not into .ipynb_checkpoints beside the chapters.
    command += [f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}"]
    env = dict(env, JUPYTER_RUNTIME_DIR=str(home / "runtime"))
    log = (home / "jupyterlab.log").open("w")
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}/"
    watched = [REPO / ROADMAP, REPO / EXERCISE]
    before = {path: digest(path) for path in watched if path.exists()}
    folders = {REPO / ROADMAP.rsplit("/", 1)[0], REPO / EXERCISE.rsplit("/", 1)[0]}
    listing = {folder: sorted(p.name for p in folder.iterdir()) for folder in folders}
    try:
        wait_for_http(base + "api/status", timeout=60, proc=proc)
        yield base
    finally:
        shutdown_kernels(base)
        stop_process(proc)
        log.close()
    changed = [str(p) for p, d in before.items() if digest(p) != d]
    assert not changed, f"JupyterLab wrote to the repository: {changed}"
    added = {
        str(folder): sorted(set(p.name for p in folder.iterdir()) - set(names))
        for folder, names in listing.items()
    }
    added = {k: v for k, v in added.items() if v}
    assert not added, f"JupyterLab created files in the repository: {added}"


def sequence_widget(page):
    """The output area that holds the sequence builder (found by its "Add step" button)."""
    return (
        page.locator(".jp-OutputArea-output")
        .filter(has=page.get_by_role("button", name="Add step"))
        .first
    )


def shutdown_kernels(base: str) -> None:
    """Shut down every kernel of the server through its REST API (best effort)."""
    with contextlib.suppress(OSError, ValueError):
        with urllib.request.urlopen(base + "api/kernels", timeout=5) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(base + f"api/kernels/{kernel['id']}", method="DELETE")
            urllib.request.urlopen(request, timeout=10).close()


@pytest.fixture
def lab(browser: object, lab_url: str) -> Iterator[object]:
    """A fresh chromium tab on JupyterLab."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# --------------------------------------------------------------------------------------
# Driving JupyterLab as a user would
# --------------------------------------------------------------------------------------


def open_with_notebook(page: object, lab_url: str, path: str) -> None:
    """Open ``path`` from the file browser with right-click > Open With > (Jupytext) Notebook."""
    folder, name = path.rsplit("/", 1)
    # ?reset: start from an empty layout, not the one a previous test left in the workspace
    page.goto(f"{lab_url}lab/tree/{folder}?reset", wait_until="load")
    item = page.locator(".jp-DirListing-item", has_text=name).first
    item.wait_for(timeout=TIMEOUT)
    item.click(button="right")
    page.locator(".lm-Menu-itemLabel", has_text="Open With").first.hover()
    submenu = page.locator(".lm-Menu").last
    choice = submenu.locator(".lm-Menu-itemLabel").filter(has_text=OPEN_WITH_NOTEBOOK)
    choice.first.wait_for(timeout=TIMEOUT)
    labels = [choice.nth(i).inner_text() for i in range(choice.count())]
    assert "Notebook" in labels or "Jupytext Notebook" in labels, labels
    choice.filter(has_text=re.compile(r"^Notebook$")).or_(choice).first.click()
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.wait_for(timeout=TIMEOUT)
    wait_for_idle_kernel(page)


def wait_for_idle_kernel(page: object) -> None:
    """Wait until the notebook's kernel is started and idle, accepting the kernel dialog.

    JupyterLab may ask which kernel to start ("Select Kernel"); the proposed one is the
    notebook's own (Python 3 from this environment), so the test accepts it.
    """
    accept = page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept")
    ready = """() => {
      const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
      if (!panel) return false;
      const name = panel.querySelector('.jp-KernelName, .jp-Toolbar-kernelName');
      const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
      return !!name && !/no kernel|kernel starting/i.test(name.textContent)
        && !!status && status.getAttribute('data-status') === 'idle';
    }"""
    deadline = time.monotonic() + TIMEOUT / 1000
    while time.monotonic() < deadline:
        if accept.count() and accept.first.is_visible():
            accept.first.click()
        if page.evaluate(ready):
            return
        page.wait_for_timeout(250)
    raise AssertionError("the notebook's kernel did not become idle in time")


def run_all_cells(page: object) -> None:
    """Run > Run All Cells, then wait until every code cell has run."""
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    page.wait_for_function(
        """() => {
          const nb = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
          if (!nb) return false;
          const prompts = Array.from(nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt'))
            .map((p) => p.textContent.trim());
          return prompts.length > 0 && prompts.every((t) => /^\\[\\d+\\]:$/.test(t));
        }""",
        timeout=TIMEOUT,
    )
    wait_for_idle_kernel(page)


def error_outputs(page: object) -> list[str]:
    """Texts of the error outputs (tracebacks) in the visible notebook."""
    mime = "application/vnd.jupyter.error"
    errors = page.locator(
        f'.jp-NotebookPanel:visible .jp-OutputArea-output[data-mime-type="{mime}"]'
    )
    return [errors.nth(i).inner_text()[:500] for i in range(errors.count())]


# --------------------------------------------------------------------------------------
# The roadmap chapter and its sequence widget
# --------------------------------------------------------------------------------------


def expected_display(moves: list[str]) -> tuple[str, list[str]]:
    """What the widget must show for ``moves``, from the model itself."""
    from korea_talks.sequence import simulate

    result = simulate(moves)
    return f"Verdict: {result.verdict.title}", [line.text for line in result.explanation]


def pick_move_that_changes_the_verdict(start: list[str]) -> tuple[str, str]:
    """(actor, move id) of a US move whose addition changes the verdict of ``start``."""
    from korea_talks.sequence import load_catalogue, simulate

    catalogue = load_catalogue()
    base = simulate(start).verdict
    us_moves = catalogue.by_actor()["US"]
    for move in us_moves:
        if simulate([*start, move.id]).verdict != base:
            return "US", move.id
    return "US", us_moves[0].id


def test_jupytext_serves_the_chapter_as_a_notebook(lab_url: str) -> None:
    """The server's contents manager (jupytext) turns the MyST chapter into a notebook."""
    url = f"{lab_url}api/contents/{ROADMAP}?type=notebook&content=1"
    with urllib.request.urlopen(url, timeout=30) as response:
        model = json.load(response)
    cells = model["content"]["cells"]
    assert model["type"] == "notebook"
    assert any("SequenceBuilder" in "".join(c["source"]) for c in cells if c["cell_type"] == "code")


def test_roadmap_widget_in_jupyterlab(lab: object, lab_url: str) -> None:
    """Run the chapter, then add a move, reorder and run: the widget follows the model."""
    from korea_talks.sequence import get_preset, load_catalogue

    if not (REPO / ROADMAP).exists():
        pytest.fail(f"{ROADMAP} is missing")
    page = lab
    open_with_notebook(page, lab_url, ROADMAP)
    run_all_cells(page)
    assert not error_outputs(page), error_outputs(page)

    widget = sequence_widget(page)
    widget.wait_for(timeout=TIMEOUT)
    widget.scroll_into_view_if_needed()
    verdict = widget.locator('[role="status"]').first
    explanation = widget.locator('[aria-label="Step-by-step explanation"]').first

    def shows(moves: list[str]) -> None:
        """Wait until verdict and explanation show the model's result for ``moves``."""
        text, lines = expected_display(moves)
        expect(verdict).to_contain_text(text, timeout=TIMEOUT)
        wanted = [" ".join(line.split()) for line in lines]
        with contextlib.suppress(PlaywrightTimeout):  # the assertion below says what lacks
            page.wait_for_function(
                """([root, lines]) => {  // every line, in the model's order
                  const element = root.querySelector('[aria-label="Step-by-step explanation"]');
                  if (!element) return false;
                  const text = element.innerText.replace(/\\u00a0/g, ' ').split(/\\s+/).join(' ');
                  let position = 0;
                  for (const line of lines) {
                    const found = text.indexOf(line, position);
                    if (found < 0) return false;
                    position = found;
                  }
                  return true;
                }""",
                arg=[widget.element_handle(), wanted],  # the widget's box outlives redraws
                timeout=TIMEOUT,
            )
        shown = " ".join(explanation.inner_text().replace("\xa0", " ").split())
        position, missing = 0, []
        for line in wanted:
            found = shown.find(line, position)
            if found < 0:
                missing.append(line)
            else:
                position = found
        assert not missing, f"the explanation lacks, or misorders, {missing[:3]}"

    moves = list(get_preset("author-roadmap").moves)
    shows(moves)  # the default view: the roadmap preset, already run
    first_explanation = explanation.inner_text()

    # add a move: choose the actor and the move, press "Add step"
    actor, move_id = pick_move_that_changes_the_verdict(moves)
    move = load_catalogue().get(move_id)
    actor_select = widget.locator(".widget-dropdown", has_text="Actor").locator("select").first
    option = actor_select.locator("option", has_text=f"({actor})").first
    actor_select.select_option(label=option.inner_text())
    move_select = widget.locator(".widget-select", has_text="Move").locator("select").first
    move_select.select_option(label=move.label)
    widget.get_by_role("button", name="Add step").click()
    moves.append(move_id)
    shows(moves)
    assert explanation.inner_text() != first_explanation

    # reorder: the new last step is selected; move it one place up
    widget.get_by_role("button", name="Move up").click()
    moves[-1], moves[-2] = moves[-2], moves[-1]
    shows(moves)
    steps = widget.locator(".widget-select", has_text="Sequence").locator("select").first
    step_text = steps.locator("option").nth(len(moves) - 2).inner_text().replace("\xa0", " ")
    assert move.label in step_text, step_text

    # run again: same sequence, same verdict
    widget.get_by_role("button", name="Run").click()
    shows(moves)


def test_widget_controls_are_labelled_and_keyboard_usable(lab: object, lab_url: str) -> None:
    """Every control has an accessible name; a move can be added with the keyboard only."""
    from korea_talks.sequence import get_preset, load_catalogue

    page = lab
    open_with_notebook(page, lab_url, ROADMAP)
    run_all_cells(page)
    widget = sequence_widget(page)
    widget.scroll_into_view_if_needed()
    unnamed = widget.evaluate(
        """(root) => Array.from(root.querySelectorAll('select, input, textarea, button'))
          .filter((el) => el.offsetParent !== null)
          .filter((el) => {
            const name = (el.getAttribute('aria-label') || '').trim()
              || Array.from(el.labels || []).map((l) => l.textContent.trim()).join(' ')
              || (el.tagName === 'BUTTON' ? el.textContent.trim() || el.title : '');
            return !name;
          })
          .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert not unnamed, f"controls without an accessible name: {unnamed}"

    # keyboard only: in the move list, End picks the last move; Tab reaches "Add step";
    # Enter presses it
    moves = list(get_preset("author-roadmap").moves)
    move_select = widget.locator(".widget-select", has_text="Move").locator("select").first
    move_select.focus()
    page.keyboard.press("End")
    chosen = move_select.evaluate("(s) => s.options[s.selectedIndex].textContent")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement && document.activeElement.textContent")
    assert "Add step" in (focused or ""), f"Tab from the move list reached {focused!r}"
    page.keyboard.press("Enter")
    chosen = chosen.replace("\xa0", " ").strip()
    us_moves = load_catalogue().by_actor()["US"]
    assert chosen == us_moves[-1].label, f"End chose {chosen!r}"
    text, _ = expected_display([*moves, us_moves[-1].id])
    expect(widget.locator('[role="status"]').first).to_contain_text(text, timeout=TIMEOUT)


def test_arrow_keys_move_within_a_widget_list(lab: object, lab_url: str) -> None:
    """ArrowDown in the move list selects the next move (fails today, see the reason)."""
    page = lab
    open_with_notebook(page, lab_url, ROADMAP)
    run_all_cells(page)
    widget = sequence_widget(page)
    move_select = widget.locator(".widget-select", has_text="Move").locator("select").first
    move_select.focus()
    before = move_select.evaluate("(s) => s.selectedIndex")
    # press() returns once chromium has handled the key, its default action included
    page.keyboard.press("ArrowDown")
    assert move_select.evaluate("(s) => s.selectedIndex") == before + 1


# --------------------------------------------------------------------------------------
# An exercise notebook's check cell
# --------------------------------------------------------------------------------------


def checker_says(question: str, answer: object) -> str:
    """What the package's checker prints for ``answer`` (run here, in the test process)."""
    from korea_talks.checks import check

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        check(question, answer)
    return buffer.getvalue().strip()


def test_exercise_check_cell_in_jupyterlab(lab: object, lab_url: str) -> None:
    """Run the exercise set, then answer a choice item wrongly and rightly: the check cell
    says so."""
    label = EXERCISE_QUESTION.split(".")[1]
    letters = ["a", "b", "c", "d"]
    verdicts = {letter: checker_says(EXERCISE_QUESTION, letter) for letter in letters}
    right = [k for k, v in verdicts.items() if v.endswith("correct") and "not" not in v]
    wrong = [k for k in letters if k not in right]
    assert right and wrong, verdicts

    page = lab
    page.goto(f"{lab_url}lab/tree/{EXERCISE}?reset", wait_until="load")
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.wait_for(timeout=TIMEOUT)
    wait_for_idle_kernel(page)
    run_all_cells(page)
    assert not error_outputs(page), error_outputs(page)

    cells = page.locator(".jp-NotebookPanel:visible .jp-CodeCell")
    answer_cell = cells.filter(has_text=f"answer_{label} = ").first
    check_cell = cells.filter(has_text=f'check("{EXERCISE_QUESTION}"').first
    unanswered = check_cell.locator(".jp-OutputArea-output").inner_text().strip()
    assert unanswered == checker_says(EXERCISE_QUESTION, ...)

    for letter in (wrong[0], right[0]):
        editor = answer_cell.locator(".cm-content").first
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(f'answer_{label} = "{letter}"')
        page.keyboard.press("Shift+Enter")  # runs the answer cell, moves to the check cell
        page.keyboard.press("Shift+Enter")  # runs the check cell
        expected = verdicts[letter]
        output = check_cell.locator(".jp-OutputArea-output").first
        expect(output).to_have_text(expected, timeout=TIMEOUT)


# --------------------------------------------------------------------------------------
# Chapters open as notebooks, with their MyST markup rendered
# --------------------------------------------------------------------------------------


def visible_notebook(page: object) -> object:
    """The notebook of the visible notebook panel, once it is drawn."""
    notebook = page.locator(".jp-NotebookPanel:visible .jp-Notebook").first
    notebook.wait_for(timeout=TIMEOUT)
    page.locator(".jp-NotebookPanel:visible .jp-MarkdownCell").first.wait_for(timeout=TIMEOUT)
    return notebook


def render_every_markdown_cell(page: object) -> None:
    """Scroll through the notebook: JupyterLab renders a markdown cell when it is shown."""
    page.wait_for_function(
        """async () => {
          const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
          const scroller = panel && panel.querySelector('.jp-WindowedPanel-outer');
          if (!scroller) return false;
          for (let y = 0; y <= scroller.scrollHeight; y += scroller.clientHeight / 2) {
            scroller.scrollTop = y;
            await new Promise((resolve) => setTimeout(resolve, 30));
          }
          const cells = Array.from(panel.querySelectorAll('.jp-MarkdownCell'));
          return cells.length > 0 && cells.every((cell) =>
            cell.querySelector('.jp-RenderedMarkdown, .jp-RenderedHTMLCommon'));
        }""",
        timeout=TIMEOUT,
        polling=1000,
    )


def assert_myst_rendered(page: object) -> None:
    """No raw MyST markup is visible; the self-check answers start closed."""
    notebook = visible_notebook(page)
    render_every_markdown_cell(page)
    text = notebook.inner_text()
    raw = [m for m in RAW_MYST if m in text]
    assert not raw, f"raw MyST markup visible: {raw}: ...{text[text.find(raw[0]) - 80 :][:200]}"
    answers = notebook.locator("details", has=page.locator("summary", has_text="Answer"))
    # jupyterlab-myst renders a cell's directives after the cell itself: wait for the first
    answers.first.wait_for(state="attached", timeout=TIMEOUT)
    assert answers.count() >= 1, "no answer dropdown was rendered"
    opened = [
        answers.nth(i).inner_text()[:60]
        for i in range(answers.count())
        if answers.nth(i).evaluate("(d) => d.open")
    ]
    assert not opened, f"answer dropdowns open: {opened}"


def test_chapter_opens_as_a_notebook_on_double_click(lab: object, lab_url: str) -> None:
    """Double-click in the file browser opens a chapter as a rendered notebook."""
    page = lab
    folder, name = CHAPTER_1.rsplit("/", 1)
    page.goto(f"{lab_url}lab/tree/{folder}?reset", wait_until="load")
    item = page.locator(".jp-DirListing-item", has_text=name).first
    item.wait_for(timeout=TIMEOUT)
    item.dblclick()
    assert_myst_rendered(page)
    assert not page.locator(".jp-FileEditor:visible").count(), "opened in the text editor"


def test_chapter_opens_as_a_notebook_at_its_address(lab: object, lab_url: str) -> None:
    """The lab/tree/... address of the launch buttons opens the chapter as a notebook."""
    page = lab
    page.goto(f"{lab_url}lab/tree/{CHAPTER_1}?reset", wait_until="load")
    assert_myst_rendered(page)
    assert not page.locator(".jp-FileEditor:visible").count(), "opened in the text editor"


DIRTY_TAB = ".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current.jp-mod-dirty"
"""The current document's tab when JupyterLab holds unsaved changes."""


def test_a_chapter_opened_and_left_untouched_has_nothing_to_save(lab: object, lab_url: str) -> None:
    """Opening a chapter, letting its kernel start and closing it asks nothing: the
    notebook JupyterLab builds from the MyST file must not count as changed."""
    page = lab
    page.goto(f"{lab_url}lab/tree/{CHAPTER_1}?reset", wait_until="load")
    page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.wait_for(timeout=TIMEOUT)
    wait_for_idle_kernel(page)
    assert not page.locator(DIRTY_TAB).count(), "the untouched chapter is marked modified"
    page.locator(".lm-MenuBar-itemLabel", has_text="File").first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Close Tab$")).first.click()
    page.wait_for_function(
        """() => !!document.querySelector('.jp-Dialog')
          || !document.querySelector('.jp-NotebookPanel')""",
        timeout=TIMEOUT,
    )
    assert not page.locator(".jp-Dialog").count(), "closing the untouched chapter asks to save"
