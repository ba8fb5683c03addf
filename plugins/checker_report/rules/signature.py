"""The 落款 (issuing agency's name at the end) and, where asked for, the seal."""

from __future__ import annotations

import re
from typing import Any, Mapping

from checker import Category, Location, Problem
from checker.findings import Severity
from checker.text import remove_spaces, squash_spaces

from checker.report.agency import same_agency
from checker.report.rulebase import ReportRule, msg


class SignaturePresent(ReportRule):
    """Checks that the report ends with the issuing agency's name (落款) before the date.

    The 落款 is the short line naming the agency just above the 成文日期 (or on the
    same line before it); without a date line, the last line of the report is
    examined.

    Why: GB/T 9704-2012: 发文机关署名 above the 成文日期; the report is the
    agency's (art. 49 of the 条例), and local rules require the unit's signature
    (e.g. the 怀化市政务公开政务服务领导小组办公室's notice on the 2021 reports: the paper
    copy signed by the unit's head).

    Fails: a report ending with `无。` under section 六.

    Passes: `区交通运输局` / `2021年1月15日` at the end.

    Fix: add the agency's full name or standard short form above the date line.

    ---
    检查报告末尾成文日期之前是否有发文机关署名（落款）：即成文日期上一行（或同一行日期之前）的机关名称；
    没有成文日期时检查最后一行。

    依据：GB/T 9704—2012规定发文机关署名位于成文日期之上；年度报告由本机关发布（《条例》第四十九条）。

    不通过：报告以第六部分的“无。”结束。

    通过：末尾为“区交通运输局／2021年1月15日”。

    修改：在成文日期上方写机关全称或规范简称。
    """

    code = "SIG701"
    redirected_from = ("AR701",)
    name = "signature-present"
    category = Category.SIGNATURE
    default_severity = Severity.ERROR
    summary = msg("报告末尾应有发文机关署名（落款）", "The report must end with the issuing agency's name (落款)")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.signature is not None:
            return
        if st.date_line is not None:
            loc = st.paragraph_location(st.date_line.paragraph)
        else:
            tail = st.tail_paragraphs(1)
            loc = st.paragraph_location(tail[0]) if tail else Location()
        yield Problem(
            msg("报告末尾没有发文机关署名（落款）" + ("" if st.date_line else "，也没有成文日期"),
                "the report has no issuing agency's name (落款) at the end" + ("" if st.date_line else ", nor a date line")),
            loc,
            expected=st.agency or msg("发文机关名称", "the issuing agency's name"),
            actual=None,
        )


class SignatureAgency(ReportRule):
    """Checks that the 落款 names the same agency as the title.

    Short forms are accepted: a suffix of the full name (`区交通运输局` for
    `嘉兴市秀洲区交通运输局`), `政府` for `人民政府`, the government's 办公室/办公厅 for the
    government, and names equal once the leading place names are dropped. Anything
    else - typically a report copied from another agency - is reported.

    Why: the report is the agency's own (art. 49 of the 条例); copying other agencies'
    reports is a known failure (内容雷同, one of the failures that draw accountability
    under art. 47 of the 条例, 国办公开办函〔2021〕30号 “（四）明确责任”).

    Fails: title `某市财政局2022年…年度报告`, 落款 `某市审计局`.

    Passes: title `嘉兴市秀洲区交通运输局2020年…`, 落款 `区交通运输局`.

    Fix: sign with the agency named in the title (or correct the title).

    ---
    检查落款与标题中的机关是否一致。接受常见简称：全称的后缀（“区交通运输局”对“嘉兴市秀洲区交通运输局”）、
    “政府”对“人民政府”、人民政府的办公室／办公厅，以及去掉地名后相同的名称。其他情况（常见于套用其他机关的报告）报告为错误。

    依据：年度报告由本机关编制发布（《条例》第四十九条）；内容雷同是问责情形之一。

    不通过：标题“某市财政局2022年……”，落款“某市审计局”。

    通过：标题“嘉兴市秀洲区交通运输局2020年……”，落款“区交通运输局”。

    修改：落款写标题中的机关（或改正标题）。
    """

    code = "SIG702"
    redirected_from = ("AR702",)
    name = "signature-agency"
    category = Category.SIGNATURE
    default_severity = Severity.ERROR
    summary = msg("落款应与标题中的机关一致", "The 落款 must name the agency of the title")

    def check(self, doc, ctx):
        st = self.structure(doc, ctx)
        if st.signature is None or not st.agency:
            return
        signed = squash_spaces(st.signature.text)
        if st.date_line is not None and st.signature is st.date_line.paragraph:
            signed = remove_spaces(signed).replace(remove_spaces(st.date_line.date.raw), "")
        if same_agency(st.agency, signed, ctx.profile_data):
            return
        yield Problem(
            msg(f"落款“{signed}”与标题中的机关“{st.agency}”不一致", f"the 落款 '{signed}' does not match the agency of the title '{st.agency}'"),
            st.paragraph_location(st.signature),
            expected=st.agency,
            actual=signed,
        )


class Seal(ReportRule):
    """Checks for the seal image at the 落款, only when the profile asks for it.

    Off by default (option `required: false`): the national format does not require a
    seal on the published report; some supervisors require the unit's seal on the
    submitted copy. With `required: true` an image must be anchored at
    or near the 落款 / 成文日期.

    Why: local submission rules (e.g. the 怀化市政务公开政务服务领导小组办公室's notice on
    the 2021 reports: the paper copy signed by the unit's head and bearing its seal).

    Fails (with `required: true`): a report whose 落款 has no picture.

    Passes: a report with the seal image in the 落款 or date paragraph.

    Fix: insert the seal image over the 落款 and date.

    ---
    仅在配置要求时（选项required: true）检查落款处是否有印章图片。全国格式不要求已发布报告加盖印章，
    部分地方要求报送稿加盖单位公章。

    依据：地方报送要求（如怀化市政务公开政务服务领导小组办公室关于2021年度报告的通知：纸质版由单位负责人签字并加盖单位公章）。

    不通过（required: true时）：落款处没有图片。

    通过：落款或成文日期段落中有印章图片。

    修改：在落款和成文日期上加盖印章图片。
    """

    code = "SIG703"
    redirected_from = ("AR703",)
    name = "seal"
    category = Category.SIGNATURE
    default_severity = Severity.ERROR
    summary = msg("落款处应有印章（按配置要求）", "The 落款 must carry the seal (when the profile requires it)")
    default_options = {"required": False}

    def check(self, doc, ctx):
        if not ctx.options.get("required"):
            return
        st = self.structure(doc, ctx)
        anchors = [p for p in (st.signature, st.date_line.paragraph if st.date_line else None) if p is not None]
        if not anchors:
            tail = st.tail_paragraphs(1)
            anchors = tail
        if not anchors:
            return
        lo = min(p.index for p in anchors) - 2
        hi = max(p.index for p in anchors) + 2
        if any(p.has_image for p in doc.paragraphs if lo <= p.index <= hi):
            return
        if any(lo <= im.paragraph <= hi for im in doc.images):
            return
        yield Problem(
            msg("落款处没有印章图片", "there is no seal image at the 落款"),
            st.paragraph_location(anchors[-1]),
            expected=msg("印章", "a seal"),
            actual=None,
        )
