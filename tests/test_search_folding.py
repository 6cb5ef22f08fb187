from news.search import fold, vietnamese_slugify


def test_fold_strips_marks_and_đ():
    assert fold("Đảng bộ Khối") == "dang bo khoi"
    assert fold("ĐẢNG BỘ KHỐI") == "dang bo khoi"
    assert fold("Nghị quyết Trung ương") == "nghi quyet trung uong"


def test_slug_from_vietnamese():
    assert vietnamese_slugify("Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối") == "ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi"
