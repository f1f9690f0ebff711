"""Project-made reports for batch tests and benchmarks: variants of samples/s000.txt.

Each variant keeps the template's own arithmetic (R1–R4), and the reports of one agency form a
consistent series over the years (R5: 上年结转 of year t = 结转下年 of year t−1; R6: 现行有效 of
year t = 现行有效 of year t−1 + 本年制发 − 本年废止), unless a mismatch is planted on purpose.
Renderers: the s000 text with the numbers replaced, the same tables as an HTML page, and (when a
headless Chromium is installed) a text-layer PDF printed from that HTML page.
"""

from __future__ import annotations

import gzip
import html
import random
import shutil
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
S000 = ROOT / "samples" / "s000.txt"

T3_ROWS = ("new", "carried_over", "granted", "partly_granted",
           "withheld.state_secret", "withheld.law_prohibited", "withheld.security_stability",
           "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
           "withheld.enforcement_file", "withheld.admin_query",
           "unable.not_held", "unable.needs_creation", "unable.unclear",
           "not_handled.complaint", "not_handled.repeated", "not_handled.publication",
           "not_handled.mass_repeated", "not_handled.confirm_reissue",
           "other.overdue_correction", "other.unpaid_fee", "other.other", "total", "carried_forward")
T3_ITEMS = T3_ROWS[2:23]
T3_COLUMNS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
T4_ROWS = ("review", "suit_direct", "suit_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

DISTRICTS = ("滨江区", "西湖区", "上城区", "拱墅区", "萧山区", "余杭区", "临平区", "钱塘区", "富阳区", "临安区",
             "桐庐县", "淳安县", "建德市", "鼓楼区", "玄武区", "秦淮区", "建邺区", "栖霞区", "雨花台区", "江宁区")
BUREAUS = ("工信局", "教育局", "民政局", "财政局", "卫健委", "交通运输局", "农业农村局", "商务局", "文旅局",
           "应急管理局", "市场监管局", "生态环境局", "水利局", "住建局", "司法局")


@dataclass(frozen=True)
class ReportSpec:
    """The values of one generated report (cell id → value), with its agency and year."""

    agency: str
    year: int
    values: dict[str, float | int] = field(default_factory=dict)

    def ordered(self) -> list[float | int]:
        """The 200 values in the reading order of s000's tables."""
        order = [f"t2.{r}.{c}" for r in ("regulations", "normative_docs") for c in ("issued", "repealed", "in_force")]
        order += ["t2.licensing.decisions", "t2.punishment.decisions", "t2.coercion.decisions", "t2.admin_fees.amount"]
        order += [f"t3.{r}.{c}" for r in T3_ROWS for c in T3_COLUMNS]
        order += [f"t4.{r}.{c}" for r in T4_ROWS for c in T4_COLUMNS]
        return [self.values[cid] for cid in order]


def agency_name(index: int) -> str:
    return DISTRICTS[index % len(DISTRICTS)] + BUREAUS[(index // len(DISTRICTS)) % len(BUREAUS)] + (
        "" if index < len(DISTRICTS) * len(BUREAUS) else f"第{index}分局")


def _t3(rng: random.Random, carried_over: list[int]) -> dict[str, int]:
    values: dict[str, int] = {}
    columns = T3_COLUMNS[:-1]
    for j, column in enumerate(columns):
        scale = rng.choice((0, 1, 3, 10, 40))
        items = {row: (rng.randint(0, scale) if rng.random() < 0.6 else 0) for row in T3_ITEMS}
        total = sum(items.values())
        forward = rng.randint(0, max(1, scale // 3))
        over = min(carried_over[j], total + forward)
        if over < carried_over[j]:  # keep R5: last year's figure is fixed, so more is handled
            items["granted"] += carried_over[j] - over
            total += carried_over[j] - over
            over = carried_over[j]
        for row, value in items.items():
            values[f"t3.{row}.{column}"] = value
        values[f"t3.total.{column}"] = total
        values[f"t3.carried_forward.{column}"] = forward
        values[f"t3.carried_over.{column}"] = over
        values[f"t3.new.{column}"] = total + forward - over
    for row in T3_ROWS:
        values[f"t3.{row}.total"] = sum(values[f"t3.{row}.{c}"] for c in columns)
    return values


def make_series(rng: random.Random, agency: str, years: range) -> list[ReportSpec]:
    """Consecutive reports of one agency whose cross-year figures agree (R5, R6)."""
    specs: list[ReportSpec] = []
    carried = [0] * 6
    in_force = {"regulations": rng.randint(0, 5), "normative_docs": rng.randint(0, 30)}
    for year in years:
        values: dict[str, float | int] = {}
        for row in ("regulations", "normative_docs"):
            issued = rng.randint(0, 6)
            repealed = rng.randint(0, min(3, in_force[row]))
            in_force[row] += issued - repealed
            values.update({f"t2.{row}.issued": issued, f"t2.{row}.repealed": repealed,
                           f"t2.{row}.in_force": in_force[row]})
        for row in ("licensing", "punishment", "coercion"):
            values[f"t2.{row}.decisions"] = rng.randint(0, 500)
        values["t2.admin_fees.amount"] = round(rng.randint(0, 5000) / 10, 1)
        t3 = _t3(rng, carried)
        values.update(t3)
        carried = [t3[f"t3.carried_forward.{c}"] for c in T3_COLUMNS[:-1]]
        for row in T4_ROWS:
            parts = [rng.randint(0, 4) for _ in T4_COLUMNS[:-1]]
            values.update({f"t4.{row}.{c}": v for c, v in zip(T4_COLUMNS, [*parts, sum(parts)], strict=True)})
        specs.append(ReportSpec(agency, year, values))
    return specs


def plant_r5_mismatch(spec: ReportSpec, delta: int = 7) -> ReportSpec:
    """The same report with 上年结转 (natural persons) raised by ``delta``, and 本年新收 lowered so R1 holds."""
    values = dict(spec.values)
    for column in ("natural_person", "total"):
        values[f"t3.carried_over.{column}"] = int(values[f"t3.carried_over.{column}"]) + delta
        values[f"t3.new.{column}"] = int(values[f"t3.new.{column}"]) - delta
    return replace(spec, values=values)


def _fmt(value: float | int) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def render_text(spec: ReportSpec) -> str:
    """s000.txt with this spec's agency, year and numbers."""
    numbers = iter(spec.ordered())
    out: list[str] = []
    for line in S000.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            line = "\t".join(_fmt(next(numbers)) if cell.strip() == "0" else cell for cell in line.split("\t"))
        elif "未收到申请" in line:  # the prose states the table's figure, as real reports do
            line = f"{spec.year} 年度我局共收到政府信息公开申请 {_fmt(spec.values['t3.new.total'])} 件。"
        out.append(line.replace("工信局", spec.agency).replace("2023", str(spec.year)))
    return "\n".join(out)


T3_LABELS = {
    "granted": "（一）予以公开", "partly_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld.state_secret": "1.属于国家秘密", "withheld.law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld.security_stability": "3.危及“三安全一稳定”", "withheld.third_party": "4.保护第三方合法权益",
    "withheld.internal_affairs": "5.属于三类内部事务信息", "withheld.process_info": "6.属于四类过程性信息",
    "withheld.enforcement_file": "7.属于行政执法案卷", "withheld.admin_query": "8.属于行政查询事项",
    "unable.not_held": "1.本机关不掌握相关政府信息", "unable.needs_creation": "2.没有现成信息需要另行制作",
    "unable.unclear": "3.补正后申请内容仍不明确", "not_handled.complaint": "1.信访举报投诉类申请",
    "not_handled.repeated": "2.重复申请", "not_handled.publication": "3.要求提供公开出版物",
    "not_handled.mass_repeated": "4.无正当理由大量反复申请",
    "not_handled.confirm_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "other.overdue_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他", "total": "（七）总计",
}
T3_GROUPS = {"withheld.state_secret": ("（三）不予公开", 8), "unable.not_held": ("（四）无法提供", 3),
             "not_handled.complaint": ("（五）不予处理", 5), "other.overdue_correction": ("（六）其他处理", 3)}


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    span = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f"<td{span}><p>{html.escape(text) if text else '&nbsp;'}</p></td>"


def _t2_html(spec: ReportSpec) -> str:
    v = spec.values
    rows = [_td("第二十条第（一）项", 4),
            _td("信息内容") + _td("本年制发件数") + _td("本年废止件数") + _td("现行有效件数")]
    for row, label in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        rows.append(_td(label) + "".join(_td(_fmt(v[f"t2.{row}.{c}"])) for c in ("issued", "repealed", "in_force")))
    for caption, header, items in (
            ("第二十条第（五）项", "本年处理决定数量", (("licensing", "行政许可", "decisions"),)),
            ("第二十条第（六）项", "本年处理决定数量",
             (("punishment", "行政处罚", "decisions"), ("coercion", "行政强制", "decisions"))),
            ("第二十条第（八）项", "本年收费金额（单位：万元）", (("admin_fees", "行政事业性收费", "amount"),))):
        rows.append(_td(caption, 4))
        rows.append(_td("信息内容") + _td(header, 3))
        rows.extend(_td(label) + _td(_fmt(v[f"t2.{row}.{col}"]), 3) for row, label, col in items)
    return "<table><tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"


def _t3_html(spec: ReportSpec) -> str:
    v = spec.values

    def numbers(row: str) -> str:
        return "".join(_td(_fmt(v[f"t3.{row}.{c}"])) for c in T3_COLUMNS)

    rows = [_td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3) + _td("申请人情况", 7),
            _td("自然人", 1, 2) + _td("法人或其他组织", 5) + _td("总计", 1, 2),
            "".join(_td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")),
            _td("一、本年新收政府信息公开申请数量", 3) + numbers("new"),
            _td("二、上年结转政府信息公开申请数量", 3) + numbers("carried_over")]
    for i, row in enumerate(T3_ITEMS + ("total",)):
        head = _td("三、本年度办理结果", 1, 22) if i == 0 else ""
        if row in T3_GROUPS:
            group, span = T3_GROUPS[row]
            head += _td(group, 1, span) + _td(T3_LABELS[row])
        elif row in ("granted", "partly_granted", "total"):
            head += _td(T3_LABELS[row], 2)
        else:
            head += _td(T3_LABELS[row])
        rows.append(head + numbers(row))
    rows.append(_td("四、结转下年度继续办理", 3) + numbers("carried_forward"))
    return "<table><tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"


def _t4_html(spec: ReportSpec) -> str:
    names = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    rows = [_td("行政复议", 5) + _td("行政诉讼", 10),
            "".join(_td(n, 1, 2) for n in names) + _td("未经复议直接起诉", 5) + _td("复议后起诉", 5),
            "".join(_td(n) for n in names * 2),
            "".join(_td(_fmt(spec.values[f"t4.{r}.{c}"])) for r in T4_ROWS for c in T4_COLUMNS)]
    return "<table><tbody>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</tbody></table>"


def render_html(spec: ReportSpec) -> str:
    """The same report as an HTML page in the layout of the national template (rowspans, colspans)."""
    title = f"{spec.agency}{spec.year}年政府信息公开工作年度报告"
    return "\n".join([
        f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
        "<style>table{border-collapse:collapse}td{border:1px solid #000;padding:1px 3px;font-size:9px}"
        "p{margin:2px}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f"<p>本报告由{html.escape(spec.agency)}根据《中华人民共和国政府信息公开条例》编制。</p>",
        "<p>一、总体情况</p>",
        f"<p>{spec.year}年，{html.escape(spec.agency)}认真贯彻落实政府信息公开工作要求。</p>",
        "<p>二、主动公开政府信息情况</p>", _t2_html(spec),
        "<p>三、收到和处理政府信息公开申请情况</p>", _t3_html(spec),
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>", _t4_html(spec),
        "<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"])


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdfs(specs: list[ReportSpec], out_dir: Path) -> list[Path]:
    """Print each spec's HTML page to PDF with headless Chromium (one browser call per file)."""
    browser = chromium()
    if browser is None:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, spec in enumerate(specs):
            page = Path(tmp) / f"p{i}.html"
            page.write_text(render_html(spec), encoding="utf-8")
            target = out_dir / f"{spec.agency}-{spec.year}.pdf"
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={target}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            made.append(target)
    return made


def _minimal_pdf(stream: bytes) -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def deflate_bomb_pdf(megabytes: int = 512) -> bytes:
    """A one-page PDF whose content stream inflates from ~0.5 MB to ``megabytes`` MB of zeros."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * (16 << 20)
    stream = b"".join([packer.compress(chunk) for _ in range(megabytes // 16)] + [packer.flush()])
    return _minimal_pdf(stream)


def hostile_files(folder: Path, count: int = 20) -> dict[str, str]:
    """Broken or hostile inputs; returns name → what is wrong with it. ``hang`` files hang the loader
    only when the batch runs with the test hook (see tests/batch/test_runner.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = S000.read_bytes()
    made: dict[str, str] = {}

    def put(name: str, data: bytes, why: str) -> None:
        (folder / name).write_bytes(data)
        made[name] = why

    kinds = [
        ("empty.txt", b"", "empty"), ("blank.html", b"   \n\n  ", "empty"),
        ("truncated.txt", text[:300], "truncated"), ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Cat", "truncated"),
        ("junk.bin.html", bytes(random.Random(1).randrange(256) for _ in range(4096)), "junk"),
        ("junk.pdf", b"%PDF-1.4\n" + bytes(random.Random(2).randrange(256) for _ in range(4096)), "junk"),
        ("gzip-bomb.html", gzip.compress(b"\0" * (20 * 1024 * 1024), 9), "bomb"),
        ("deflate-bomb.pdf", deflate_bomb_pdf(), "bomb"),
        ("notes.txt", "会议纪要：今天天气很好。\n".encode() * 50, "no tables"),
        ("hang-1.txt", b"HANG-FOR-TEST " + text, "hang"),
    ]
    for name, data, why in kinds:
        put(name, data, why)
    i = 0
    while len(made) < count:
        i += 1
        cut = len(text) * i // (count + 2)
        put(f"truncated-{i}.txt", text[:cut // 4], "truncated")
    return made


def write_corpus(folder: Path, reports: int, seed: int = 7, html_share: float = 0.5,
                 pdfs: list[Path] | None = None) -> list[ReportSpec]:
    """``reports`` good reports (series of 4 years per agency), HTML and text mixed; ``pdfs`` copied in."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    specs: list[ReportSpec] = []
    agency = 0
    while len(specs) < reports:
        specs.extend(make_series(rng, agency_name(agency), range(2021, 2025)))
        agency += 1
    specs = specs[:reports]
    for i, spec in enumerate(specs):
        if rng.random() < html_share:
            (folder / f"g{i:05d}.html").write_text(render_html(spec), encoding="utf-8")
        else:
            (folder / f"g{i:05d}.txt").write_text(render_text(spec), encoding="utf-8")
    for pdf in pdfs or []:
        shutil.copy(pdf, folder / pdf.name)
    return specs
