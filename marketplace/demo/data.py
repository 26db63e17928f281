"""The demo catalogue: realistic cooperatives of HCMC's rural districts and their produce.

(cooperative name, commune name, district name, [(product title, category, price in đồng,
selling unit, certifications, OCOP stars)]). Each cooperative's first product is its flagship.
"""

CATEGORIES = ["Rau củ", "Trái cây", "Gạo và ngũ cốc", "Nấm", "Thủy sản", "Mật ong", "Cà phê và trà", "Trứng và thịt"]

CERTIFICATIONS = [("vietgap", "VietGAP"), ("globalgap", "GlobalGAP"), ("organic", "Hữu cơ")]

COOPERATIVES = [
    ("HTX Nông nghiệp Phước An", "Phước Vĩnh An", "Củ Chi", [
        ("Rau muống VietGAP", "Rau củ", 18000, "bunch", ["vietgap"], None),
        ("Cải ngọt", "Rau củ", 22000, "kg", ["vietgap"], None),
        ("Mồng tơi", "Rau củ", 20000, "bunch", ["vietgap"], None),
        ("Rau dền đỏ", "Rau củ", 19000, "bunch", [], None),
        ("Bí đao", "Rau củ", 25000, "kg", [], None),
    ]),
    ("HTX Dưa lưới Tân Thông Hội", "Tân Thông Hội", "Củ Chi", [
        ("Dưa lưới ruột cam Taki", "Trái cây", 85000, "kg", ["vietgap"], 4),
        ("Dưa lưới ruột xanh", "Trái cây", 80000, "kg", ["vietgap"], None),
        ("Dưa lê Hàn Quốc", "Trái cây", 65000, "kg", [], None),
        ("Dưa hấu không hạt", "Trái cây", 30000, "kg", [], None),
        ("Dưa leo baby", "Rau củ", 35000, "kg", ["vietgap"], None),
    ]),
    ("HTX Nấm Trung Lập", "Trung Lập Thượng", "Củ Chi", [
        ("Nấm bào ngư xám", "Nấm", 60000, "kg", ["vietgap"], 3),
        ("Nấm rơm", "Nấm", 110000, "kg", [], None),
        ("Nấm linh chi đỏ sấy khô", "Nấm", 450000, "box", [], 4),
        ("Nấm đùi gà", "Nấm", 90000, "kg", [], None),
        ("Nấm mèo (mộc nhĩ)", "Nấm", 150000, "bag", [], None),
    ]),
    ("HTX Bò sữa Tân Thạnh Đông", "Tân Thạnh Đông", "Củ Chi", [
        ("Sữa bò tươi thanh trùng", "Trứng và thịt", 32000, "litre", ["vietgap"], 3),
        ("Sữa chua bò", "Trứng và thịt", 45000, "box", [], None),
        ("Phô mai tươi", "Trứng và thịt", 95000, "box", [], None),
        ("Bơ sữa", "Trứng và thịt", 70000, "box", [], None),
        ("Thịt bò Củ Chi", "Trứng và thịt", 260000, "kg", [], None),
    ]),
    ("HTX Rau hữu cơ Thái Mỹ", "Thái Mỹ", "Củ Chi", [
        ("Cải bó xôi hữu cơ", "Rau củ", 55000, "kg", ["organic"], None),
        ("Xà lách hữu cơ", "Rau củ", 60000, "kg", ["organic"], None),
        ("Cà chua bi hữu cơ", "Rau củ", 70000, "kg", ["organic"], None),
        ("Húng quế hữu cơ", "Rau củ", 15000, "bunch", ["organic"], None),
        ("Cà rốt hữu cơ", "Rau củ", 45000, "kg", ["organic"], None),
    ]),
    ("HTX Rau sạch Xuân Thới Thượng", "Xuân Thới Thượng", "Hóc Môn", [
        ("Rau mầm các loại", "Rau củ", 25000, "tray", ["vietgap"], None),
        ("Cải xanh", "Rau củ", 20000, "kg", ["vietgap"], None),
        ("Rau thơm tổng hợp", "Rau củ", 12000, "bunch", [], None),
        ("Hành lá", "Rau củ", 30000, "kg", [], None),
        ("Ngò rí", "Rau củ", 40000, "kg", [], None),
    ]),
    ("HTX Hoa lan Xuân Thới Sơn", "Xuân Thới Sơn", "Hóc Môn", [
        ("Mật ong hoa nhãn", "Mật ong", 180000, "bottle", [], 4),
        ("Trà mãng cầu", "Cà phê và trà", 90000, "box", [], 3),
        ("Mứt mãng cầu", "Trái cây", 75000, "box", [], None),
        ("Chuối già Nam Mỹ", "Trái cây", 25000, "kg", ["vietgap"], None),
        ("Mãng cầu ta", "Trái cây", 60000, "kg", [], None),
    ]),
    ("HTX Nông nghiệp Tân Hiệp", "Tân Hiệp", "Hóc Môn", [
        ("Khổ qua", "Rau củ", 28000, "kg", ["vietgap"], None),
        ("Mướp hương", "Rau củ", 24000, "kg", [], None),
        ("Đậu bắp", "Rau củ", 26000, "kg", [], None),
        ("Bầu sao", "Rau củ", 18000, "kg", [], None),
        ("Cà tím", "Rau củ", 22000, "kg", [], None),
    ]),
    ("HTX Trứng gà Đông Thạnh", "Đông Thạnh", "Hóc Môn", [
        ("Trứng gà ta", "Trứng và thịt", 45000, "tray", ["vietgap"], 3),
        ("Trứng gà omega 3", "Trứng và thịt", 55000, "tray", [], None),
        ("Trứng vịt muối", "Trứng và thịt", 40000, "box", [], None),
        ("Gà thả vườn", "Trứng và thịt", 140000, "kg", [], None),
        ("Trứng cút", "Trứng và thịt", 30000, "box", [], None),
    ]),
    ("HTX Gạo Tân Nhựt", "Tân Nhựt", "Bình Chánh", [
        ("Gạo ST25", "Gạo và ngũ cốc", 38000, "kg", ["vietgap"], 4),
        ("Gạo lứt đỏ", "Gạo và ngũ cốc", 42000, "kg", ["organic"], None),
        ("Nếp cái hoa vàng", "Gạo và ngũ cốc", 45000, "kg", [], None),
        ("Gạo thơm Jasmine", "Gạo và ngũ cốc", 28000, "kg", [], None),
        ("Bột gạo lứt", "Gạo và ngũ cốc", 65000, "bag", [], None),
    ]),
    ("HTX Nông nghiệp Bình Lợi", "Bình Lợi", "Bình Chánh", [
        ("Rau nhút", "Rau củ", 35000, "bunch", [], None),
        ("Sen non", "Rau củ", 50000, "kg", [], None),
        ("Cá rô đồng", "Thủy sản", 90000, "kg", [], None),
        ("Ếch đồng", "Thủy sản", 100000, "kg", [], None),
        ("Cá sặc rằn", "Thủy sản", 85000, "kg", [], None),
    ]),
    ("HTX Mai vàng Bình Chánh", "Vĩnh Lộc A", "Bình Chánh", [
        ("Ổi lê Đài Loan", "Trái cây", 30000, "kg", ["vietgap"], 3),
        ("Mận hồng đào", "Trái cây", 45000, "kg", [], None),
        ("Chanh không hạt", "Trái cây", 25000, "kg", ["vietgap"], None),
        ("Bưởi da xanh", "Trái cây", 60000, "kg", [], None),
        ("Xoài cát Hòa Lộc", "Trái cây", 75000, "kg", [], None),
    ]),
    ("HTX Thủy sản Lê Minh Xuân", "Lê Minh Xuân", "Bình Chánh", [
        ("Cá lóc đồng", "Thủy sản", 95000, "kg", [], None),
        ("Lươn đồng", "Thủy sản", 220000, "kg", [], None),
        ("Cá trê vàng", "Thủy sản", 70000, "kg", [], None),
        ("Khô cá lóc", "Thủy sản", 350000, "bag", [], 3),
        ("Cá thát lát", "Thủy sản", 160000, "kg", [], None),
    ]),
    ("HTX Rau an toàn Hưng Long", "Hưng Long", "Bình Chánh", [
        ("Rau lang", "Rau củ", 15000, "bunch", ["vietgap"], None),
        ("Cải thìa", "Rau củ", 22000, "kg", ["vietgap"], None),
        ("Tía tô", "Rau củ", 12000, "bunch", [], None),
        ("Khoai lang mật", "Rau củ", 35000, "kg", [], None),
        ("Bắp nếp", "Gạo và ngũ cốc", 10000, "piece", [], None),
    ]),
    ("HTX Nông nghiệp Nhơn Đức", "Nhơn Đức", "Nhà Bè", [
        ("Ốc len xào dừa (sơ chế)", "Thủy sản", 120000, "box", [], None),
        ("Tôm càng xanh", "Thủy sản", 280000, "kg", [], None),
        ("Cua đồng xay", "Thủy sản", 90000, "box", [], None),
        ("Mắm tôm chua", "Thủy sản", 85000, "bottle", [], 3),
        ("Cá lăng", "Thủy sản", 180000, "kg", [], None),
    ]),
    ("HTX Nông nghiệp Hiệp Phước", "Hiệp Phước", "Nhà Bè", [
        ("Dừa xiêm xanh", "Trái cây", 15000, "piece", [], None),
        ("Chuối xiêm", "Trái cây", 20000, "kg", [], None),
        ("Rau muống nước", "Rau củ", 15000, "bunch", [], None),
        ("Bạc hà (dọc mùng)", "Rau củ", 25000, "kg", [], None),
        ("Nước dừa tươi", "Trái cây", 25000, "bottle", [], None),
    ]),
    ("HTX Dịch vụ nông nghiệp Long Thới", "Long Thới", "Nhà Bè", [
        ("Cà phê rang xay Robusta", "Cà phê và trà", 160000, "bag", [], 3),
        ("Trà lá sen", "Cà phê và trà", 70000, "box", [], None),
        ("Cà phê hạt Arabica", "Cà phê và trà", 240000, "bag", [], None),
        ("Trà gừng mật ong", "Cà phê và trà", 65000, "box", [], None),
        ("Mật ong hoa cà phê", "Mật ong", 150000, "bottle", [], None),
    ]),
    ("HTX Nuôi trồng thủy sản Long Hòa", "Long Hòa", "Cần Giờ", [
        ("Hàu Cần Giờ", "Thủy sản", 60000, "kg", ["vietgap"], 4),
        ("Nghêu Cần Giờ", "Thủy sản", 45000, "kg", [], None),
        ("Tôm thẻ chân trắng", "Thủy sản", 190000, "kg", ["vietgap"], None),
        ("Cá kèo", "Thủy sản", 130000, "kg", [], None),
        ("Ba khía muối", "Thủy sản", 110000, "bottle", [], 3),
    ]),
    ("HTX Muối Lý Nhơn", "Lý Nhơn", "Cần Giờ", [
        ("Muối hột Cần Giờ", "Gạo và ngũ cốc", 15000, "bag", [], 3),
        ("Muối tôm", "Gạo và ngũ cốc", 35000, "bottle", [], None),
        ("Khô cá dứa", "Thủy sản", 400000, "bag", [], 3),
        ("Mật ong rừng ngập mặn", "Mật ong", 250000, "bottle", [], 4),
        ("Mắm ruốc", "Thủy sản", 60000, "bottle", [], None),
    ]),
    ("HTX Thanh long An Thới Đông", "An Thới Đông", "Cần Giờ", [
        ("Thanh long ruột đỏ", "Trái cây", 35000, "kg", ["vietgap"], None),
        ("Mãng cầu xiêm", "Trái cây", 55000, "kg", [], None),
        ("Sapoche (hồng xiêm)", "Trái cây", 40000, "kg", [], None),
        ("Dưa gang", "Trái cây", 20000, "kg", [], None),
        ("Bần chín", "Trái cây", 30000, "kg", [], None),
    ]),
]

# (e-mail, index into COOPERATIVES) for the two cooperative staff demo accounts.
COOPERATIVE_STAFF = [("coop1@example.com", 0), ("coop2@example.com", 9)]
DEMO_PASSWORD = "demo12345"

# Produce sold by weight: its step in grams (catalog/weights.py). Prices above are per kilogram; the
# builder prices such a product per step.
WEIGHT_STEPS = {
    "Cải ngọt": 500,
    "Cà chua bi hữu cơ": 500,
    "Cà rốt hữu cơ": 500,
    "Khổ qua": 500,
    "Dưa lưới ruột cam Taki": 1000,
    "Xoài cát Hòa Lộc": 1000,
    "Chanh không hạt": 500,
    "Gạo ST25": 1000,
    "Gạo lứt đỏ": 1000,
    "Nếp cái hoa vàng": 1000,
}

# Months in season by category; others are sold all year.
SEASONS = {"Trái cây": (4, 9)}
