from news.search import fold, vietnamese_slugify


def test_fold_strips_marks_and_đ():
    assert fold("Đảng bộ Khối") == "dang bo khoi"
    assert fold("ĐẢNG BỘ KHỐI") == "dang bo khoi"
    assert fold("Nghị quyết Trung ương") == "nghi quyet trung uong"


def test_slug_from_vietnamese():
    assert vietnamese_slugify("Kỷ niệm 17 năm Ngày thành lập Đảng bộ Khối") == "ky-niem-17-nam-ngay-thanh-lap-dang-bo-khoi"


def test_eth_folds_like_đ():
    # Converted documents write "Đ"/"đ" as the Icelandic eth "Ð"/"ð" (U+00D0/U+00F0), which looks the same.
    assert fold("ÐẢNG BỘ KHỐI") == fold("ðảng bộ khối") == "dang bo khoi"
    assert fold("Quyết định 47-QÐ/TW") == "quyet dinh 47-qd/tw"
    assert vietnamese_slugify("ÐẢNG BỘ KHỐI Ðối ngoại") == "dang-bo-khoi-doi-ngoai"


def test_eth_is_the_same_word_as_đ_with_its_diacritics():
    from news.search import SearchTerms, words

    assert words("ÐẢNG bộ, 47-QÐ/TW") == ["đảng", "bộ", "47", "qđ", "tw"]
    assert SearchTerms("Ðảng").exact == SearchTerms("Đảng").exact == ("đảng",)


def test_decomposed_text_folds_like_the_precomposed():
    import unicodedata

    from news.search import SearchTerms, words

    precomposed = "Kỷ niệm Đảng bộ Khối các cơ quan Trung ương"
    decomposed = unicodedata.normalize("NFD", precomposed)
    assert decomposed != precomposed
    assert fold(decomposed) == fold(precomposed) == "ky niem dang bo khoi cac co quan trung uong"
    assert words(decomposed) == words(precomposed)
    assert vietnamese_slugify(decomposed) == vietnamese_slugify(precomposed)
    typed, expected = SearchTerms(decomposed), SearchTerms(precomposed)
    assert (typed.exact, typed.folded, typed.last) == (expected.exact, expected.folded, expected.last)
    # Tone marks typed in another order, or the deprecated tone code points, are the same letters too.
    assert fold("o\u0323\u0302") == fold("o\u0302\u0323") == fold("ộ") == "o"
    assert words("Kho\u0302\u0341i") == ["khối"]


def test_vietnamese_alphabetical_order():
    from news.search import sort_key

    names = ["Đảng bộ Khối Tư tưởng", "Đảng bộ Khối I", "Đảng bộ Khối Đối ngoại", "Đảng bộ Khối Dân vận",
             "Ban Bí thư", "Bộ Chính trị", "Đảng bộ Khối Inh", "ăn", "an", "ân", "má", "ma", "mà", "mạ"]
    assert sorted(names, key=sort_key) == [
        "an", "ăn", "ân", "Ban Bí thư", "Bộ Chính trị", "Đảng bộ Khối Dân vận", "Đảng bộ Khối Đối ngoại",
        "Đảng bộ Khối I", "Đảng bộ Khối Inh", "Đảng bộ Khối Tư tưởng", "ma", "mà", "má", "mạ",
    ]
    assert sorted(["Party", "Politburo", "Overseas"], key=sort_key) == ["Overseas", "Party", "Politburo"]
    assert sort_key("Ðối ngoại")[0] == sort_key("Đối ngoại")[0]
