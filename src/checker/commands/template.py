"""``checker template``: write a blank report skeleton to fill in.

The host knows nothing about report types: it chooses a profile (``--profile``, or the
registered profile whose edition covers ``--year``) and asks the plugins, through the
``checker_write_template`` hook, to write it. The generic report pack answers for every
report profile; the title, headings, hints and tables come from the profile's data.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Mapping

from ..cli import add_common_options
from ..cli_words import say
from ..errors import usage_error


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "template",
        help=say("为某一年度和机关生成空白报告模板", "write a blank report template for a year and an agency"),
        description=say("按报告年度适用的格式生成报告框架（标题、各部分标题、带全部标签的表格、占位文字、落款和成文日期）。",
                        "Write a report skeleton (title, headings, tables with every label, placeholders, "
                        "the agency's signature and the date line) in the format that applies to the report year."),
    )
    p.add_argument("--year", type=int, required=True, metavar=say("年份", "YEAR"),
                   help=say("报告年度（数据所属的年度），例如 2025", "report year (the year the data covers), e.g. 2025"))
    p.add_argument("--agency", required=True, metavar=say("机关", "AGENCY"),
                   help=say("发文机关（机关名称），例如 某某县财政局", "issuing body, its full name as the title writes it"))
    p.add_argument("--kind", metavar=say("类别", "KIND"),
                   help=say("机关类别，用规则集中的名称（data.agency.kinds，例如 department、government；默认：由机关名称推断）",
                            "the agency's kind as the profile names them (data.agency.kinds, e.g. department, "
                            "government; default: guessed from the agency name)"))
    p.add_argument("--profile", metavar=say("规则集", "PROFILE"),
                   help=say("规则集名称或 YAML 文件（默认：格式适用于 --year 的规则集）",
                            "profile name or YAML file (default: the one whose format covers --year)"))
    p.add_argument("-o", "--output", metavar=say("路径", "PATH"),
                   help=say("写到哪里（默认：规则集写出的报告标题，即 <标题>.docx）",
                            "where to write (default: the report's title as the profile writes it, <title>.docx)"))
    p.add_argument("--force", action="store_true", help=say("覆盖已有的文件", "overwrite an existing file"))
    add_common_options(p)
    return p


def edition_covers(data: Mapping[str, Any], year: int) -> bool:
    """True when the profile fixes one edition and that edition's year range holds ``year``."""
    edition = (data.get("editions") or {}).get(str(data.get("edition")))
    if not isinstance(edition, Mapping):
        return False
    first, last = edition.get("first_year"), edition.get("last_year")
    return (first is None or year >= int(first)) and (last is None or year <= int(last))


def choose_profile(engine, year: int) -> str:
    for name in sorted(engine.registry.profiles):
        if edition_covers(engine.profile(name).data, year):
            return name
    raise usage_error(f"--year {year}：没有适用于该年度的规则集，请用 --profile 指定",
                      f"--year {year}: no profile covers the year; name one with --profile")


def run(args: argparse.Namespace) -> int:
    from .common import build_engine, file_config, settings_from

    if not 1900 < args.year < 2200:
        raise usage_error(f"--year {args.year}：不是合理的报告年度", f"--year {args.year}: not a plausible report year")
    agency = args.agency.strip()
    if not agency:
        raise usage_error("--agency 不能为空", "--agency must not be empty")
    cfg = file_config(args)
    engine = build_engine(args, cfg)
    name = args.profile or choose_profile(engine, args.year)
    profile = engine.profile(name)
    kinds = sorted(((profile.data.get("agency") or {}).get("kinds") or {}))
    if args.kind and args.kind not in kinds:
        known = ", ".join(kinds)
        raise usage_error(f"--kind {args.kind!r}：规则集 {profile.name} 可用的机关类别：{known or '无'}",
                          f"--kind {args.kind!r}: the profile {profile.name} knows " + (known or "no agency kinds"))
    tdata = profile.data.get("title")
    tdata = tdata if isinstance(tdata, Mapping) else {}
    pattern = tdata.get("template") or "{agency}{year}年" + str(tdata.get("phrase") or profile.title.get("zh", profile.name))
    out = args.output or f"{pattern.format(agency=agency, year=args.year)}.docx"  # the report's own title
    from ..batch.outputs import Output, check_outputs

    check_outputs([Output("-o", out)])  # a folder, a device, a link, a parent that is a file: refused now
    if not out.lower().endswith(".docx"):
        raise usage_error(f"{out}：输出文件必须是 .docx 文件", f"{out}: the output must be a .docx file")
    if os.path.exists(out) and not args.force:
        raise usage_error(f"{out} 已存在；如需覆盖请加 --force", f"{out} exists; use --force to overwrite it")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)  # missing folders, as for check's outputs
    written = engine.pm.hook.checker_write_template(
        profile_name=profile.name, profile_data=dict(profile.data), year=args.year, agency=agency,
        kind=args.kind or "", path=out,
    )
    if not written:
        raise usage_error(f"没有插件能为规则集 {profile.name!r} 生成模板",
                          f"no plugin can write a template for the profile {profile.name!r}")
    from ..reporters import pick_lang

    if pick_lang(args.lang, cfg.get("lang")) == "zh":  # the configuration's lang too
        print(f"已生成模板 {written}（格式：{profile.title.get('zh', profile.name)}）", file=sys.stderr)
    else:
        print(f"wrote {written} ({profile.title.get('en', profile.name)})", file=sys.stderr)
    return 0
