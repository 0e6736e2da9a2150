"""Stage settings: one dataclass per stage, filled from a params.yaml section.

An unknown key is an error that names the key and the keys that exist
(a misspelt parameter must not be silently ignored).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Type, TypeVar

import yaml

from .errors import SettingsError

T = TypeVar("T")


@dataclass(frozen=True)
class IngestSettings:
    pdf_engine: str = "auto"                # auto (poppler when pdftotext is installed, else pdfplumber) |
                                            # poppler | pdfplumber | pypdfium2 (bench/pdf_engines.py compares them)
    workers: int = 2                        # processes reading files in parallel (0: in this process, no time limit)
    pdf_column_gap_em: float = 1.5          # pdfplumber: a wider gap between words is a column break (tab); 0: off
    max_bytes: int = 50_000_000             # larger files are refused, not read
    max_unpacked_bytes: int = 100_000_000   # DOCX (ZIP) whose members unpack to more are refused (zip bombs)
    document_timeout_s: float = 1800        # a file that takes longer is stopped and listed (0: no limit)
    max_pages: int = 5000                   # a PDF with more pages is refused
    min_chars_per_page: int = 25            # a page with fewer characters and ...
    ocr_min_image_cover: float = 0.5        # ... at least this share of its area in images is a scanned page
    max_ocr_pages: int = 300                # a PDF with more scanned pages is refused (OCR: ~2-4 s a page)
    ocr_max_pixels: int = 25_000_000        # pages render for OCR at most this many pixels (dpi lowered)
    ocr_page_timeout_s: float = 120         # tesseract on one page; then the page is left empty with a warning
    ocr: bool = True                        # OCR scanned PDFs when tesseract is installed
    ocr_languages: str = "nor+deu"   # deu: the letters of foreign names (ü, ö, ä); nor alone when deu is missing
    ocr_dpi: int = 200
    ocr_cache_dir: str = ".cache/ocr"       # outside DVC outputs so OCR survives re-runs (one file a page)
    extensions: list = field(default_factory=lambda: ["pdf", "txt", "md", "docx", "html", "htm"])


@dataclass(frozen=True)
class SegmentSettings:
    header_lines: int = 20                  # lines searched for the document header
    body_lines: int = 8                     # lines searched for the meeting body (title region)
    workers: int = 2                        # documents segmented in parallel processes (0: in this process)
    document_timeout_s: float = 600         # one document may take this long; then it is an extract_errors row


@dataclass(frozen=True)
class ExtractSettings:
    reference_context_chars: int = 400      # longest context kept for a case reference
    exit_notice_date: str | None = None     # ISO date notice is assumed given (v_agreement_exit_terms);
                                            # None: each document's own meeting date
    workers: int = 2                        # documents extracted in parallel processes (0: in this process)
    document_timeout_s: float = 600         # one document may take this long; then it is an extract_errors row


@dataclass(frozen=True)
class LoadSettings:
    # Processes: named groups of cases, by rule, never by listing case numbers. Each entry is
    # {id, name, organization (null: any), title_keywords: [...]}: a case of the organisation
    # whose title contains a keyword (case-insensitive) belongs to the process, and so does every
    # case linked to a member through case_links (views v_processes, v_process_cases, v_process_timeline).
    processes: list = field(default_factory=list)

    PROCESS_KEYS = ("id", "name", "organization", "title_keywords")

    def __post_init__(self) -> None:
        seen = set()
        for i, process in enumerate(self.processes):
            where = f"load.processes[{i}]"
            if not isinstance(process, dict):
                raise SettingsError(f"{where} must be a mapping with keys {', '.join(self.PROCESS_KEYS)}")
            unknown = sorted(set(process) - set(self.PROCESS_KEYS))
            if unknown:
                raise SettingsError(f"unknown setting {where}.{unknown[0]!r}; known: {', '.join(self.PROCESS_KEYS)}")
            if not isinstance(process.get("id"), str) or not process["id"] or process["id"] in seen:
                raise SettingsError(f"{where}.id must be a unique non-empty string")
            seen.add(process["id"])
            keywords = process.get("title_keywords")
            if not isinstance(keywords, list) or not keywords or not all(isinstance(k, str) and k.strip() for k in keywords):
                raise SettingsError(f"{where}.title_keywords must be a non-empty list of strings")

    def process_rule_rows(self) -> list[dict]:
        """One process_rules row per (process, title keyword)."""
        return [{"process_id": p["id"], "name": p.get("name") or p["id"], "organization": p.get("organization"),
                 "title_keyword": keyword}
                for p in self.processes for keyword in p["title_keywords"]]


@dataclass(frozen=True)
class EvaluateSettings:
    text_match_ratio: float = 0.9           # decision/proposal texts match at this similarity


SECTIONS: dict[str, type] = {
    "ingest": IngestSettings,
    "segment": SegmentSettings,
    "extract": ExtractSettings,
    "load": LoadSettings,
    "evaluate": EvaluateSettings,
}


def settings_from_dict(cls: Type[T], data: dict[str, Any] | None, section: str = "") -> T:
    data = data or {}
    if not isinstance(data, dict):
        raise SettingsError(f"params section {section!r} must be a mapping")
    names = {f.name: f for f in dataclasses.fields(cls)}
    for key, value in data.items():
        if key not in names:
            raise SettingsError(
                f"unknown setting {section + '.' if section else ''}{key!r}; known: {', '.join(sorted(names))}"
            )
    return cls(**data)


def load_params(path: Path | None) -> dict[str, Any]:
    if path is None or not Path(path).exists():
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise SettingsError(f"{path}: top level must be a mapping")
    return data


def stage_settings(section: str, params_path: Path | None) -> Any:
    params = load_params(params_path)
    return settings_from_dict(SECTIONS[section], params.get(section), section)
