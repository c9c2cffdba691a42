"""Column labels written by the server on table cells (core/tables.py), for the phone's stacked rows."""
from django.template import Context, Template

from genderseal.core.tables import headings, label_cells

TABLE = """<table class="data"><colgroup><col></colgroup>
<thead><tr><th colspan="3">กลุ่ม</th></tr>
<tr><th>รหัส</th><th colspan="2">ชื่อ &amp; <abbr title="x">หน่วย</abbr></th><th></th></tr></thead>
<tbody><tr data-code="1"><td>1.1.1</td><td class="a" title="a &gt; b">สยป.</td><td data-label="ของเดิม">x</td><td>แก้ไข</td></tr>
<tr><td colspan="3">ยาว</td><td>ท้าย</td></tr><tr><td colspan="4" class="muted">ยังไม่มี</td></tr></tbody></table>"""


def test_each_body_cell_gets_its_column_heading_from_the_last_header_row():
    assert headings(TABLE) == ["รหัส", "ชื่อ & หน่วย", "ชื่อ & หน่วย", ""]
    out = label_cells(TABLE)
    assert '<td data-label="รหัส">1.1.1</td>' in out
    assert '<td class="a" title="a &gt; b" data-label="ชื่อ &amp; หน่วย">สยป.</td>' in out
    assert '<td data-label="ของเดิม">x</td>' in out  # a cell's own label is kept
    assert "<td>แก้ไข</td>" in out  # a column without a heading gets none
    assert '<td colspan="3" data-label="รหัส">ยาว</td><td>ท้าย</td>' in out  # colspan counted
    assert '<td colspan="4" class="muted">ยังไม่มี</td>' in out  # a whole-row note is not a column
    assert out.count("data-label") == 4
    assert "<thead><tr><th colspan=\"3\">กลุ่ม</th>" in out  # the header is left alone


def test_a_table_without_a_header_or_holding_another_table_is_left_as_it_is():
    plain = "<table><tbody><tr><td>1</td></tr></tbody></table>"
    assert label_cells(plain) == plain
    nested = TABLE.replace("<td>แก้ไข</td>", "<td><table><tr><td>1</td></tr></table></td>")
    assert label_cells(nested) == nested


def test_the_template_tag_labels_what_it_wraps_and_escapes_what_it_renders():
    rendered = Template("{% load tables %}{% labelled_table %}<table class='data'><thead><tr><th>{{ head }}</th>"
                        "</tr></thead><tbody><tr><td>{{ value }}</td></tr></tbody></table>{% endlabelled_table %}"
                        ).render(Context({"head": 'ชื่อ "ย่อ"', "value": "<b>x</b>"}))
    assert '<td data-label="ชื่อ &quot;ย่อ&quot;">&lt;b&gt;x&lt;/b&gt;</td>' in rendered
