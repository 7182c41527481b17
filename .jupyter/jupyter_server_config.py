"""Jupyter Server settings of the module: chapters open unchanged.

A chapter is a MyST markdown file that jupytext turns into a notebook. Its header keeps
only the kernel's name, not what the running kernel reports about itself
(``language_info``) nor the kernel's display name of this environment; JupyterLab writes
both into the notebook as soon as the kernel starts, and so marked every chapter as
modified the moment it opened, and asked to save it on closing with no edit made.

This contents manager (jupytext's, with one addition) fills those two entries in when it
serves a text notebook, from this environment's own kernel, so that JupyterLab finds
nothing to change. Saving is jupytext's as before: its metadata filter keeps
``language_info`` out of the markdown file.

``postBuild`` (run by Binder and by ``make lab``) copies this file into the environment's
Jupyter configuration folder.
"""

# korea-talks: chapter contents manager (postBuild replaces a file carrying this line)

from typing import Any

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from jupytext.async_contentsmanager import build_async_jupytext_contents_manager_class

TextNotebookManager = build_async_jupytext_contents_manager_class(AsyncLargeFileManager)


def kernel_language_info() -> dict[str, Any]:
    """What an IPython kernel of this environment reports as its ``language_info``."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def complete_kernel_metadata(metadata: dict[str, Any]) -> None:
    """Add the running kernel's ``language_info`` and display name where missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    kernelspec = metadata.get("kernelspec")
    if isinstance(kernelspec, dict) and kernelspec.get("name"):
        try:
            spec = KernelSpecManager().get_kernel_spec(kernelspec["name"])
        except NoSuchKernel:
            return
        kernelspec["display_name"] = spec.display_name
        kernelspec["language"] = spec.language
        if spec.language == "python" and "language_info" not in metadata:
            metadata["language_info"] = kernel_language_info()


class ChapterContentsManager(TextNotebookManager):  # type: ignore[misc,valid-type]
    """jupytext's contents manager; text notebooks come with their kernel's metadata."""

    async def get(self, path: str, content: bool = True, *args: Any, **kwargs: Any) -> Any:
        model = await super().get(path, content, *args, **kwargs)
        if content and model.get("type") == "notebook" and not path.endswith(".ipynb"):
            complete_kernel_metadata(model["content"]["metadata"])
        return model


c = get_config()  # type: ignore[name-defined]  # noqa: F821
c.ServerApp.contents_manager_class = ChapterContentsManager
