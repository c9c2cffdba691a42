"""SDG 5 targets (reference data, loaded by migration 0002 and `load_sdg_targets()`), indicator codes and
which targets can be tracked with an accepted data source."""
import re

from genderseal.thai.digits import to_arabic_digits

SDG5_TARGETS = [
    ("5.1", "ยุติการเลือกปฏิบัติทุกรูปแบบต่อสตรีและเด็กหญิง", "End all forms of discrimination against all women and girls everywhere"),
    ("5.2", "ขจัดความรุนแรงทุกรูปแบบต่อสตรีและเด็กหญิง", "Eliminate all forms of violence against all women and girls in the public and private spheres"),
    ("5.3", "ขจัดแนวปฏิบัติที่เป็นอันตราย เช่น การบังคับแต่งงานในเด็ก", "Eliminate all harmful practices, such as child, early and forced marriage and female genital mutilation"),
    ("5.4", "ยอมรับและให้คุณค่างานดูแลและงานบ้านที่ไม่ได้รับค่าจ้าง", "Recognize and value unpaid care and domestic work"),
    ("5.5", "สร้างหลักประกันการมีส่วนร่วมและโอกาสที่เท่าเทียมในการเป็นผู้นำของสตรี", "Ensure women's full and effective participation and equal opportunities for leadership"),
    ("5.6", "สร้างหลักประกันการเข้าถึงสุขภาวะทางเพศและอนามัยการเจริญพันธุ์", "Ensure universal access to sexual and reproductive health and reproductive rights"),
    ("5.a", "ให้สตรีมีสิทธิเท่าเทียมในทรัพยากรทางเศรษฐกิจ", "Give women equal rights to economic resources"),
    ("5.b", "ส่งเสริมการใช้เทคโนโลยีเพื่อเสริมพลังสตรี", "Enhance the use of enabling technology to promote the empowerment of women"),
    ("5.c", "นโยบายและกฎหมายที่บังคับใช้ได้เพื่อความเท่าเทียมทางเพศ (รวมงบประมาณที่คำนึงถึงเพศ)", "Adopt sound policies and enforceable legislation for gender equality"),
]


INDICATOR_CODE = re.compile(r"5\.([1-6]|[abc])\.[1-9][0-9]?")


def parse_indicator_codes(text):
    """(codes, bad): SDG 5 indicator codes ("5.6.1, 5.a.1") written with commas, spaces or Thai digits."""
    codes, bad = [], []
    for part in re.split(r"[,;\s]+", to_arabic_digits(text or "").strip()):
        if not part:
            continue
        (codes if INDICATOR_CODE.fullmatch(part) else bad).append(part)
    return list(dict.fromkeys(codes)), bad


def target_of(code):
    """The SDG target of an indicator code: 5.6.1 -> 5.6."""
    return code.rsplit(".", 1)[0]


def coverage(targets, indicators):
    """Per SDG 5 target: the indicators linked to it and whether any has an accepted source.

    `targets`: [(code, title)]; `indicators`: [(indicator, [sdg codes], accepted)]. Plain data in, plain
    rows out: {"code", "title", "indicators": [(indicator, sdg code, accepted)], "state"}, where state
    is "tracked" (an indicator with an accepted source), "unaccepted" (indicators, none accepted) or "none".
    """
    rows = []
    for code, title in targets:
        linked = [(indicator, sdg_code, accepted) for indicator, codes, accepted in indicators
                  for sdg_code in codes if target_of(sdg_code) == code]
        state = "tracked" if any(a for _i, _c, a in linked) else "unaccepted" if linked else "none"
        rows.append({"code": code, "title": title, "indicators": linked, "state": state})
    return rows


def load_sdg_targets(model):
    for order, (code, th, en) in enumerate(SDG5_TARGETS):
        model.objects.update_or_create(code=code, defaults={"title_th": th, "title_en": en, "order": order})
