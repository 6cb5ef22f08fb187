"""The vocabulary of the sample articles: phrases in Vietnamese with their English translation.

Written by hand for the generator (news/sample_data), not taken from any real article. Common phrases are
picked often (a search for "doanh nghiệp" finds thousands of articles), the RARE ones seldom (a search for
"tảo biển" finds a few dozen among 100,000).
"""

PROVINCES = [
    ("Hà Nội", "Hanoi"), ("Thành phố Hồ Chí Minh", "Ho Chi Minh City"), ("Hải Phòng", "Hai Phong"),
    ("Đà Nẵng", "Da Nang"), ("Cần Thơ", "Can Tho"), ("Quảng Ninh", "Quang Ninh"), ("Bắc Ninh", "Bac Ninh"),
    ("Thanh Hóa", "Thanh Hoa"), ("Nghệ An", "Nghe An"), ("Thừa Thiên Huế", "Thua Thien Hue"),
    ("Quảng Nam", "Quang Nam"), ("Khánh Hòa", "Khanh Hoa"), ("Lâm Đồng", "Lam Dong"), ("Đắk Lắk", "Dak Lak"),
    ("Bình Dương", "Binh Duong"), ("Đồng Nai", "Dong Nai"), ("Long An", "Long An"), ("An Giang", "An Giang"),
    ("Kiên Giang", "Kien Giang"), ("Cà Mau", "Ca Mau"), ("Lào Cai", "Lao Cai"), ("Hà Giang", "Ha Giang"),
    ("Điện Biên", "Dien Bien"), ("Sơn La", "Son La"), ("Thái Nguyên", "Thai Nguyen"), ("Nam Định", "Nam Dinh"),
    ("Ninh Bình", "Ninh Binh"), ("Quảng Bình", "Quang Binh"), ("Bình Định", "Binh Dinh"), ("Gia Lai", "Gia Lai"),
]

SUBJECTS = [
    ("Bộ Kế hoạch và Đầu tư", "The Ministry of Planning and Investment"),
    ("Lãnh đạo Bộ Kế hoạch và Đầu tư", "The leadership of the Ministry of Planning and Investment"),
    ("Đảng ủy Bộ", "The Ministry's Party Committee"),
    ("Tổng cục Thống kê", "The General Statistics Office"),
    ("Cục Đầu tư nước ngoài", "The Foreign Investment Agency"),
    ("Cục Phát triển doanh nghiệp", "The Agency for Enterprise Development"),
    ("Viện Chiến lược phát triển", "The Development Strategy Institute"),
    ("Vụ Tổng hợp kinh tế quốc dân", "The Department of National Economic Issues"),
    ("Đoàn Thanh niên Bộ", "The Ministry's Youth Union"),
    ("Công đoàn Bộ", "The Ministry's Trade Union"),
    ("Ủy ban nhân dân tỉnh {p}", "The People's Committee of {p}"),
    ("Sở Kế hoạch và Đầu tư {p}", "The {p} Department of Planning and Investment"),
]

ACTIONS = [
    ("tổ chức hội nghị về", "holds a conference on"),
    ("triển khai kế hoạch về", "launches a plan on"),
    ("làm việc với doanh nghiệp về", "meets businesses on"),
    ("công bố báo cáo về", "publishes a report on"),
    ("tổng kết công tác", "reviews its work on"),
    ("lấy ý kiến dự thảo về", "consults on a draft on"),
    ("ký kết thỏa thuận hợp tác về", "signs a cooperation agreement on"),
    ("tập huấn cán bộ về", "trains officials on"),
    ("kiểm tra tình hình", "inspects progress on"),
    ("đối thoại với nhà đầu tư về", "holds a dialogue with investors on"),
]

TOPICS = [
    ("thu hút đầu tư nước ngoài", "attracting foreign investment"),
    ("giải ngân vốn đầu tư công", "disbursing public investment"),
    ("chuyển đổi số", "digital transformation"),
    ("phát triển doanh nghiệp nhỏ và vừa", "developing small and medium-sized enterprises"),
    ("kinh tế tập thể và hợp tác xã", "the collective economy and cooperatives"),
    ("quy hoạch tỉnh", "provincial planning"),
    ("tăng trưởng xanh", "green growth"),
    ("khu công nghiệp và khu kinh tế", "industrial parks and economic zones"),
    ("đầu tư theo phương thức đối tác công tư", "public-private partnership investment"),
    ("tổng điều tra dân số", "the population census"),
    ("kinh tế tuần hoàn", "the circular economy"),
    ("đổi mới sáng tạo", "innovation"),
    ("công tác xây dựng Đảng", "Party building"),
    ("công tác cán bộ", "personnel work"),
    ("cải cách thủ tục hành chính", "administrative procedure reform"),
    ("phòng, chống tham nhũng", "the fight against corruption"),
    ("sử dụng vốn ODA", "the use of ODA funds"),
    ("xúc tiến xuất khẩu", "export promotion"),
    ("phát triển hạ tầng giao thông", "transport infrastructure"),
    ("kế hoạch phát triển kinh tế - xã hội", "the socio-economic development plan"),
    ("hỗ trợ khởi nghiệp", "support for start-ups"),
    ("thống kê giá tiêu dùng", "consumer price statistics"),
    ("liên kết vùng", "regional linkages"),
    ("phát triển nguồn nhân lực", "human resource development"),
    ("môi trường kinh doanh", "the business environment"),
    ("đấu thầu qua mạng", "online procurement"),
    ("đăng ký doanh nghiệp", "business registration"),
    ("kinh tế biển", "the marine economy"),
    ("giảm nghèo bền vững", "sustainable poverty reduction"),
    ("ứng phó biến đổi khí hậu", "responding to climate change"),
]

PLACES = [("tại Hà Nội", "in Hanoi"), ("tại {p}", "in {p}"), ("theo hình thức trực tuyến", "online")]

ROLES = [
    ("Bộ trưởng", "the Minister"), ("Thứ trưởng", "the Deputy Minister"),
    ("Bí thư Đảng ủy Bộ", "the Secretary of the Ministry's Party Committee"),
    ("Vụ trưởng", "the Director General"), ("Chủ tịch Ủy ban nhân dân tỉnh", "the Chairman of the provincial People's Committee"),
]

# Sentences of the body; {t} is the article's topic, {p} a province, {n}/{x}/{y} figures.
SENTENCES = [
    ("Hội nghị đã đánh giá kết quả thực hiện nhiệm vụ về {t} trong năm {y}.",
     "The conference assessed the results of the work on {t} in {y}."),
    ("Theo báo cáo, số doanh nghiệp thành lập mới tăng {x}% so với cùng kỳ.",
     "According to the report, the number of newly established businesses rose {x}% year on year."),
    ("Các đại biểu đã thảo luận những khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ.",
     "Delegates discussed the difficulties and obstacles and proposed solutions."),
    ("Phát biểu chỉ đạo, {r} nhấn mạnh yêu cầu nâng cao hiệu quả công tác {t}.",
     "Giving directions, {r} stressed the need to make the work on {t} more effective."),
    ("Tổng vốn đầu tư đăng ký đạt {n} tỷ đồng, trong đó vốn thực hiện chiếm {x}%.",
     "Registered investment reached {n} billion dong, of which {x}% has been disbursed."),
    ("Tỉnh {p} cam kết tạo điều kiện thuận lợi cho nhà đầu tư và doanh nghiệp.",
     "{p} province pledged to make things easier for investors and businesses."),
    ("Nhiều ý kiến đề nghị tiếp tục hoàn thiện thể chế, chính sách.",
     "Many participants called for institutions and policies to be improved further."),
    ("Đến nay, {n} dự án đã được cấp phép với tổng vốn hơn {x} nghìn tỷ đồng.",
     "So far {n} projects have been licensed, with total capital of over {x} trillion dong."),
    ("Công tác phối hợp giữa các bộ, ngành và địa phương được tăng cường.",
     "Coordination between ministries, sectors and localities has been strengthened."),
    ("Kết thúc hội nghị, các đơn vị đã ký cam kết thi đua hoàn thành kế hoạch năm {y}.",
     "At the end of the conference, the units signed an emulation pledge to fulfil the {y} plan."),
    ("Tăng trưởng kinh tế của {p} đạt {x}%, cao hơn mức bình quân cả nước.",
     "The economy of {p} grew {x}%, faster than the national average."),
    ("Đảng ủy Bộ yêu cầu các chi bộ quán triệt và tổ chức thực hiện nghiêm túc.",
     "The Ministry's Party Committee asked its Party cells to study and carry out the task seriously."),
]

# Seldom used (about one article in 3,000 each): what a reader would search for to find "a few" articles.
RARE = [
    ("tảo biển", "seaweed farming"), ("khinh khí cầu", "hot-air balloons"), ("nước mắm truyền thống", "traditional fish sauce"),
    ("gốm Bát Tràng", "Bat Trang ceramics"), ("cà phê chồn", "civet coffee"), ("đàn đá", "stone lithophones"),
    ("yến sào", "edible bird's nests"), ("lụa tơ tằm", "mulberry silk"),
]
RARE_SENTENCE = ("Đại biểu cũng giới thiệu mô hình {w} như một điển hình của địa phương.",
                 "A delegate also presented {w} as a local success story.")

# What a document's summary is about (trích yếu).
SUMMARIES = [
    ("Về {t}", "On {t}"),
    ("Quy định chi tiết một số điều về {t}", "Detailed regulations on {t}"),
    ("Ban hành kế hoạch thực hiện {t}", "Issuing the implementation plan for {t}"),
    ("Hướng dẫn triển khai {t}", "Guidance on {t}"),
    ("Tăng cường sự lãnh đạo của Đảng đối với {t}", "Strengthening the Party's leadership of {t}"),
]

SIGNERS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thị Hà", "Võ Đức Khang"]

SECTIONS = [
    ("Tin tức - Sự kiện", "News and Events"), ("Kinh tế vĩ mô", "Macroeconomy"),
    ("Đầu tư", "Investment"), ("Doanh nghiệp", "Enterprises"), ("Thống kê", "Statistics"),
    ("Hợp tác quốc tế", "International Cooperation"), ("Địa phương", "Localities"), ("Chính sách", "Policies"),
]

ORGANIZATION_KINDS = [
    ("Vụ {t}", "Department of {t}", "agency"),
    ("Cục {t}", "Agency for {t}", "agency"),
    ("Đảng ủy Sở Kế hoạch và Đầu tư {p}", "Party Committee of the {p} Department of Planning and Investment",
     "party_committee"),
    ("Sở Kế hoạch và Đầu tư {p}", "{p} Department of Planning and Investment", "agency"),
    ("Chi bộ Vụ {t}", "Party Cell of the Department of {t}", "party_committee"),
]
