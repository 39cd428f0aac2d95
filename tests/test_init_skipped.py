"""What init says of each file it did not write: a file, a folder or a link is in the way."""

from __future__ import annotations

from pathlib import Path

from concordat.init import scaffold, why_skipped


def test_a_folder_where_init_would_write_a_file_is_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "README.md").mkdir()
    (tmp_path / "concordat.toml").write_text("", encoding="utf-8")
    (tmp_path / "signatories.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    outcome = scaffold(tmp_path)
    reasons = {path.name: why_skipped(path) for path in outcome.skipped}
    assert reasons == {
        "README.md": "it is a folder; init writes this file only where nothing of its name exists",
        "concordat.toml": "it exists; init never replaces a file",
        "signatories.yaml": "a link of that name exists; init never replaces it, nor writes "
        "through it",
    }
    assert (tmp_path / "README.md").is_dir() and not (tmp_path / "elsewhere.yaml").exists()
