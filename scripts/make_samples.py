"""Write the project's own samples (samples/s001–s003) and their expected answers.

Values are fixed below and satisfy the template sums R1–R4; each sample renders them the way a
real agency might. Run: ``.venv/bin/python scripts/make_samples.py`` (deterministic).

* s001.html — 2021 template, Word-exported HTML in GBK *without* a meta charset, tables nested
  in a layout table among site navigation, rowspan/colspan labels, ``<br>``/``<span>`` in cells,
  ``—`` for some zeros, traditional characters in one label, a fee with a unit in the cell.
* s002.txt — 2021 template as ``pdftotext -layout`` text (whitespace-aligned columns).
* s003.html — 2019 template, UTF-8 CMS HTML, ``（六）其他处理`` as one row, a negative 本年增/减.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")
T3_ROWS_2021 = (
    ("granted", "（一）予以公开", None), ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("withheld.state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("withheld.law_prohibited", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("withheld.security_stability", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("withheld.third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("withheld.internal_affairs", "5.属于三类内部事务信息", "（三）不予公开"),
    ("withheld.process_info", "6.属于四类过程性信息", "（三）不予公开"),
    ("withheld.enforcement_file", "7.属于行政执法案卷", "（三）不予公开"),
    ("withheld.admin_query", "8.属于行政查询事项", "（三）不予公开"),
    ("unable.not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unable.unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("not_handled.complaint", "1.信访举报投诉类申请", "（五）不予处理"),
    ("not_handled.repeated", "2.重复申请", "（五）不予处理"),
    ("not_handled.publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("not_handled.mass_repeated", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("not_handled.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("other.overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other.unpaid_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other.other", "3.其他", "（六）其他处理"),
)
# Outcome rows (per applicant column); the rest of table 三 follows from the sums.
OUTCOMES = {
    "granted": (41, 6, 0, 1, 2, 0), "partly_granted": (9, 1, 0, 0, 0, 0),
    "withheld.state_secret": (1, 0, 0, 0, 0, 0), "withheld.third_party": (2, 1, 0, 0, 0, 0),
    "withheld.process_info": (3, 0, 0, 0, 0, 0), "unable.not_held": (27, 4, 1, 0, 1, 0),
    "unable.needs_creation": (5, 0, 0, 0, 0, 0), "unable.unclear": (2, 0, 0, 0, 0, 0),
    "not_handled.complaint": (6, 0, 0, 0, 0, 0), "not_handled.repeated": (4, 1, 0, 0, 0, 0),
    "other.overdue_correction": (3, 0, 0, 0, 0, 0), "other.other": (1, 0, 0, 0, 0, 1),
}
CARRIED_OVER = (5, 1, 0, 0, 0, 0)
CARRIED_FORWARD = (7, 2, 0, 0, 0, 0)
T4 = {"review": (2, 1, 0, 1), "suit_direct": (1, 0, 0, 1), "suit_after_review": (0, 0, 0, 0)}
T4_COLS = ("upheld", "corrected", "other", "pending")


def table3(rows: tuple[tuple[str, str, str | None], ...], single_other: bool) -> dict[str, tuple[int, ...]]:
    values: dict[str, tuple[int, ...]] = {}
    for rid, _, _ in rows:
        values[rid] = OUTCOMES.get(rid, (0,) * 6)
    if single_other:
        parts = [values.pop(r) for r in ("other.overdue_correction", "other.unpaid_fee", "other.other")]
        values["other"] = tuple(sum(p[i] for p in parts) for i in range(6))
    total = tuple(sum(v[i] for v in values.values()) for i in range(6))
    values["total"] = total
    values["carried_over"] = CARRIED_OVER
    values["carried_forward"] = CARRIED_FORWARD
    values["new"] = tuple(total[i] + CARRIED_FORWARD[i] - CARRIED_OVER[i] for i in range(6))
    return {k: (*v, sum(v)) for k, v in values.items()}


def expected(t2: dict[str, float | int | None], t3: dict[str, tuple[int, ...]]) -> dict[str, float | int | None]:
    out: dict[str, float | int | None] = dict(t2)
    for rid, vals in t3.items():
        for col, v in zip((*COLS, "total"), vals, strict=True):
            out[f"t3.{rid}.{col}"] = v
    for rid, vals in T4.items():
        for col, v in zip((*T4_COLS, "total"), (*vals, sum(vals)), strict=True):
            out[f"t4.{rid}.{col}"] = v
    return out


def td(text: object, **attrs: object) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f'<td{extra} style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"><p class="MsoNormal" align="center"><span style="font-family:仿宋_GB2312">{text}</span></p></td>'


def html_t3(t3: dict[str, tuple[int, ...]], rows: tuple[tuple[str, str, str | None], ...], dash_zero: bool,
            traditional_label: bool) -> str:
    out = ["<table class=MsoNormalTable border=1 cellspacing=0>"]
    out.append("<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）", colspan=3, rowspan=3)
               + td("申请人情况", colspan=7) + "</tr>")
    out.append("<tr>" + td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2) + "</tr>")
    out.append("<tr>" + "".join(td(x) for x in ("商业企业", "科研机构", "社会公益<br>组织", "法律服务<br>机构", "其他")) + "</tr>")

    def cells(rid: str) -> str:
        return "".join(td("—" if dash_zero and v == 0 and i % 2 else v) for i, v in enumerate(t3[rid]))

    out.append("<tr>" + td("一、本年新收政府信息公开申请数量", colspan=3) + cells("new") + "</tr>")
    out.append("<tr>" + td("二、上年结转政府信息公开申请数量", colspan=3) + cells("carried_over") + "</tr>")
    group_sizes: dict[str, int] = {}
    for _, _, parent in rows:
        if parent:
            group_sizes[parent] = group_sizes.get(parent, 0) + 1
    present = [r for r in rows if r[0] in t3]
    if "other" in t3:
        idx = next(i for i, r in enumerate(present) if r[0].startswith("not_handled.confirm")) + 1
        present.insert(idx, ("other", "（六）其他处理", None))
    first = True
    seen_groups: set[str] = set()
    for rid, label, parent in present:
        row = "<tr>"
        if first:
            row += td("三、本年度<br>办理结果", rowspan=len(present) + 1)
            first = False
        if traditional_label and rid == "withheld.state_secret":
            label = "1.屬於國家秘密"
        if parent is None:
            row += td(label, colspan=2)
        else:
            if parent not in seen_groups:
                row += td(parent, rowspan=group_sizes[parent])
                seen_groups.add(parent)
            row += td(label)
        out.append(row + cells(rid) + "</tr>")
    out.append("<tr>" + td("（七）总计", colspan=2) + cells("total") + "</tr>")
    out.append("<tr>" + td("四、结转下年度继续办理", colspan=3) + cells("carried_forward") + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_t4() -> str:
    head1 = td("行政复议", colspan=5) + td("行政诉讼", colspan=10)
    head2 = "".join(td(x, rowspan=2) for x in ("结果<br>维持", "结果<br>纠正", "其他<br>结果", "尚未<br>审结", "总计"))
    head2 += td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5)
    head3 = "".join(td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
    data = "".join(td(v) for rid in ("review", "suit_direct", "suit_after_review")
                   for v in (*T4[rid], sum(T4[rid])))
    return f"<table border=1><tr>{head1}</tr><tr>{head2}</tr><tr>{head3}</tr><tr>{data}</tr></table>"


def s001() -> tuple[bytes, dict[str, object]]:
    t3 = table3(T3_ROWS_2021, single_other=False)
    t2_rows = [("第二十条第（一）项", None), ("信息内容", ("本年制发件数", "本年废止件数", "现行有效件数")),
               ("规章", (0, 0, 0)), ("行政规范性文件", (4, 1, 23)),
               ("第二十条第（五）项", None), ("信息内容", ("本年处理决定数量",)), ("行政许可", (1260,)),
               ("第二十条第（六）项", None), ("信息内容", ("本年处理决定数量",)), ("行政处罚", (87,)), ("行政强制", ("—",)),
               ("第二十条第（八）项", None), ("信息内容", ("本年收费金额（单位：万元）",)), ("行政事业性收费", ("12.5万元",))]
    t2_html = ["<table border=1>"]
    for label, vals in t2_rows:
        if vals is None:
            t2_html.append("<tr>" + td(label, colspan=4) + "</tr>")
        elif len(vals) == 1:
            t2_html.append("<tr>" + td(label) + td(vals[0], colspan=3) + "</tr>")
        else:
            t2_html.append("<tr>" + td(label) + "".join(td(v) for v in vals) + "</tr>")
    t2_html.append("</table>")
    t2 = {"t2.regulations.issued": 0, "t2.regulations.repealed": 0, "t2.regulations.in_force": 0,
          "t2.normative_docs.issued": 4, "t2.normative_docs.repealed": 1, "t2.normative_docs.in_force": 23,
          "t2.licensing.decisions": 1260, "t2.punishment.decisions": 87, "t2.coercion.decisions": None,
          "t2.admin_fees.amount": 12.5}
    values = expected(t2, t3)
    for cid, v in list(values.items()):  # dashes printed for some zeros
        if cid.startswith("t3.") and v == 0:
            rid, col = cid[3:].rsplit(".", 1)
            if (*COLS, "total").index(col) % 2:
                values[cid] = None
    body = f"""<html><head><title>示例区农业农村局2023年政府信息公开工作年度报告</title></head><body>
<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <span>当前位置：政府信息公开年报</span></div>
<table width="100%"><tr><td class="left"><ul><li>机构概况</li><li>政策文件</li></ul></td><td class="content">
<p align=center><b>示例区农业农村局2023年政府信息公开工作年度报告</b></p>
<p>一、总体情况</p><p>2023年，我局共收到政府信息公开申请{t3['new'][6]}件。</p>
<p>二、主动公开政府信息情况</p>
{''.join(t2_html)}
<p>三、收到和处理政府信息公开申请情况</p>
{html_t3(t3, T3_ROWS_2021, dash_zero=True, traditional_label=True)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>
{html_t4()}
<p>五、存在的主要问题及改进情况</p><p>无。</p>
</td></tr></table><div class="footer">版权所有 示例区人民政府</div></body></html>"""
    return body.encode("gb18030"), {"template": "2021", "agency": "示例区农业农村局", "year": 2023, "values": values}


def s002() -> tuple[bytes, dict[str, object]]:
    t3 = table3(T3_ROWS_2021, single_other=False)
    lines = ["示例县教育局 2022 年政府信息公开工作年度报告", "", "二、主动公开政府信息情况", "",
             "  第二十条第（一）项", "  信息内容          本年制发件数    本年废止件数    现行有效件数",
             "  规章                  0               0               0",
             "  行政规范性文件        2               0               15",
             "  第二十条第（五）项", "  信息内容          本年处理决定数量", "  行政许可              35",
             "  第二十条第（六）项", "  信息内容          本年处理决定数量", "  行政处罚              0",
             "  行政强制              0", "  第二十条第（八）项", "  信息内容          本年收费金额（单位：万元）",
             "  行政事业性收费        0", "", "三、收到和处理政府信息公开申请情况", "",
             "                                         申请人情况",
             "  （本列数据的勾稽关系为：第一项加第二项     自然人    法人或其他组织                                    总计",
             "  之和，等于第三项加第四项之和）                     商业企业  科研机构  社会公益组织  法律服务机构  其他"]

    def row(label: str, rid: str, indent: str = "  ") -> str:
        return indent + label + "    " + "    ".join(str(v) for v in t3[rid])

    lines.append(row("一、本年新收政府信息公开申请数量", "new"))
    lines.append(row("二、上年结转政府信息公开申请数量", "carried_over"))
    current = None
    for i, (rid, label, parent) in enumerate(T3_ROWS_2021):
        prefix = "三、本年度办理结果  " if i == 0 else ""
        if parent and parent != current:
            prefix += parent + "  "
            current = parent
        lines.append(row(prefix + label, rid))
    lines.append(row("（七）总计", "total"))
    lines.append(row("四、结转下年度继续办理", "carried_forward"))
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", "",
              "          行政复议                                        行政诉讼",
              "  结果维持  结果纠正  其他结果  尚未审结  总计    未经复议直接起诉                    复议后起诉",
              "                                                  结果维持  结果纠正  其他结果  尚未审结  总计  结果维持  结果纠正  其他结果  尚未审结  总计",
              "  " + "    ".join(str(v) for rid in ("review", "suit_direct", "suit_after_review")
                                for v in (*T4[rid], sum(T4[rid]))), "", "五、存在的主要问题及改进情况", "无。"]
    t2 = {"t2.regulations.issued": 0, "t2.regulations.repealed": 0, "t2.regulations.in_force": 0,
          "t2.normative_docs.issued": 2, "t2.normative_docs.repealed": 0, "t2.normative_docs.in_force": 15,
          "t2.licensing.decisions": 35, "t2.punishment.decisions": 0, "t2.coercion.decisions": 0,
          "t2.admin_fees.amount": 0}
    return ("\n".join(lines) + "\n").encode("utf-8"), {"template": "2021", "agency": "示例县教育局", "year": 2022,
                                                       "values": expected(t2, t3)}


def s003() -> tuple[bytes, dict[str, object]]:
    rows_2019 = tuple(r for r in T3_ROWS_2021 if not r[0].startswith("other."))
    t3 = table3(T3_ROWS_2021, single_other=True)
    t2_html = """<table border=1>
<tr><td colspan=5>第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新<br />制作数量</td><td colspan=2>本年新<br />公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>1</td><td colspan=2>1</td><td>12</td></tr>
<tr><td>规范性文件</td><td>6</td><td colspan=2>6</td><td>80</td></tr>
<tr><td colspan=5>第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan=2>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan=2>14</td><td>-2</td><td>350</td></tr>
<tr><td>其他对外管理服务事项</td><td colspan=2>3</td><td>0</td><td>41</td></tr>
<tr><td colspan=5>第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上一年项目数量</td><td colspan=2>本年增/减</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td colspan=2>120</td><td>5</td><td>64</td></tr>
<tr><td>行政强制</td><td colspan=2>8</td><td>0</td><td>2</td></tr>
<tr><td colspan=5>第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan=2>上一年项目数量</td><td colspan=2>本年增/减</td></tr>
<tr><td>行政事业性收费</td><td colspan=2>2</td><td colspan=2>0</td></tr>
<tr><td colspan=5>第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td colspan=2>采购项目数量</td><td colspan=2>采购总金额</td></tr>
<tr><td>政府集中采购</td><td colspan=2>3</td><td colspan=2>45000元</td></tr>
</table>"""
    t2 = {"t2.regulations.made": 1, "t2.regulations.published": 1, "t2.regulations.published_total": 12,
          "t2.normative_docs.made": 6, "t2.normative_docs.published": 6, "t2.normative_docs.published_total": 80,
          "t2.licensing.items_last_year": 14, "t2.licensing.items_change": -2, "t2.licensing.decisions": 350,
          "t2.other_services.items_last_year": 3, "t2.other_services.items_change": 0,
          "t2.other_services.decisions": 41, "t2.punishment.items_last_year": 120,
          "t2.punishment.items_change": 5, "t2.punishment.decisions": 64, "t2.coercion.items_last_year": 8,
          "t2.coercion.items_change": 0, "t2.coercion.decisions": 2, "t2.admin_fees.items_last_year": 2,
          "t2.admin_fees.items_change": 0, "t2.procurement.projects": 3, "t2.procurement.amount": 4.5}
    body = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例市司法局</title></head><body>
<h1>2020年示例市司法局政府信息公开工作年度报告</h1>
<p>二、主动公开政府信息情况</p>{t2_html}
<p>三、收到和处理政府信息公开申请情况</p>{html_t3(t3, rows_2019, dash_zero=False, traditional_label=False)}
<p>四、政府信息公开行政复议、行政诉讼情况</p>{html_t4()}</body></html>"""
    return body.encode("utf-8"), {"template": "2019", "agency": "示例市司法局", "year": 2020,
                                  "values": expected(t2, t3)}


def main() -> None:
    for name, (data, answer) in (("s001.html", s001()), ("s002.txt", s002()), ("s003.html", s003())):
        (ROOT / "samples" / name).write_bytes(data)
        stem = name.rsplit(".", 1)[0]
        (ROOT / "samples" / f"{stem}.expected.json").write_text(
            json.dumps(answer, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print("wrote samples/" + name)


if __name__ == "__main__":
    main()
