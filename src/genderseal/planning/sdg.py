"""SDG 5 targets (reference data, loaded by migration 0002 and `load_sdg_targets()`)."""
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


def load_sdg_targets(model):
    for order, (code, th, en) in enumerate(SDG5_TARGETS):
        model.objects.update_or_create(code=code, defaults={"title_th": th, "title_en": en, "order": order})
