"""English text for /en/ (issue 15, item 8): the categories, the certifications, the home page and a
handful of products and storefronts. The rest shows its Vietnamese text under /en/, as a shop whose
cooperatives have not yet written their English would."""

from oscar.core.loading import get_model

from catalog.models import Certification
from catalog.services import product_refresh_search_text
from cooperatives.pages import CooperativeDirectoryPage, StorefrontPage
from marketplace.models import ArticleIndexPage, ArticlePage, HomePage

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")

CATEGORIES = {
    "Rau củ": "Vegetables",
    "Trái cây": "Fruit",
    "Gạo và ngũ cốc": "Rice and grains",
    "Nấm": "Mushrooms",
    "Thủy sản": "Fish and seafood",
    "Mật ong": "Honey",
    "Cà phê và trà": "Coffee and tea",
    "Trứng và thịt": "Eggs and meat",
}
CERTIFICATIONS = {"organic": "Organic"}  # VietGAP and GlobalGAP are the same in English
PRODUCTS = {
    "Rau muống VietGAP": ("VietGAP water spinach", "Water spinach picked the morning it is delivered."),
    "Cải ngọt": ("Choy sum", ""),
    "Dưa lưới ruột cam Taki": (
        "Taki orange-fleshed cantaloupe",
        "Sweet, crisp cantaloupe grown in Cu Chi's greenhouses.",
    ),
    "Dưa lưới ruột xanh": ("Green-fleshed cantaloupe", ""),
    "Nấm bào ngư xám": ("Grey oyster mushrooms", ""),
    "Sữa bò tươi thanh trùng": ("Pasteurised fresh cow's milk", ""),
    "Cải bó xôi hữu cơ": ("Organic spinach", ""),
    "Mật ong hoa nhãn": ("Longan blossom honey", ""),
    "Khổ qua": ("Bitter melon", ""),
    "Trứng gà ta": ("Free-range chicken eggs", ""),
    "Gạo ST25": ("ST25 rice", "The fragrant rice from the Mekong Delta, milled for each order."),
    "Ổi lê Đài Loan": ("Taiwanese pear guava", ""),
    "Cá lóc đồng": ("Field snakehead fish", ""),
    "Dừa xiêm xanh": ("Green Siamese coconut", ""),
    "Cà phê rang xay Robusta": ("Ground roasted Robusta coffee", ""),
    "Hàu Cần Giờ": ("Can Gio oysters", ""),
    "Muối hột Cần Giờ": ("Can Gio sea salt", ""),
    "Thanh long ruột đỏ": ("Red dragon fruit", ""),
}
HOME_HERO_TITLE = "Fresh produce from Ho Chi Minh City's cooperatives"
STOREFRONT_TAGLINES = {
    "HTX Nông nghiệp Phước An": "VietGAP vegetables from Phuoc Vinh An, Cu Chi",
    "HTX Dưa lưới Tân Thông Hội": "Cantaloupes from Tan Thong Hoi, Cu Chi",
    "HTX Gạo Tân Nhựt": "ST25 rice from Tan Nhut, Binh Chanh",
}

NEWS_TITLE = "News"
DIRECTORY_TITLE = "Cooperatives"
# Articles by slug (marketplace/demo/content.py): English title, introduction and paragraphs.
ARTICLES = {
    "dua-luoi-cu-chi-vao-vu": (
        "Cu Chi's greenhouse cantaloupes are ready to harvest",
        "Cooperatives in Phuoc An and Tan Thong Hoi are harvesting VietGAP cantaloupes and deliver them "
        "straight to buyers.",
        [
            "After 75 days in the greenhouses, the members of Phuoc An Farming Cooperative have started picking "
            "cantaloupes. Their production logs are complete, so every melon can be traced to its origin.",
            "Buyers in the city can order on Chợ HTX and get their melons the same day.",
        ],
    ),
    "nuoi-hau-can-gio": (
        "Can Gio oyster farmers sell through their cooperative",
        "Oyster farmers in Long Hoa and Thanh An have signed purchase contracts with the cooperative, "
        "so their sales are steady.",
        [
            "Can Gio oysters grow in the brackish water along the mangrove forest. The cooperative buys at a "
            "price agreed at the start of the season, so farmers can invest in their rafts.",
            "The Department of Agriculture and Environment helps the cooperative certify its farming area "
            "for food safety.",
        ],
    ),
    "tap-huan-ban-hang-truc-tuyen": (
        "Cooperative staff from Cu Chi and Can Gio learn to sell online",
        "More than 40 cooperative staff learned to list products, take photos and handle orders on Chợ HTX.",
        [
            "The two-day course, run by the Department of Agriculture and Environment in Cu Chi, had everyone "
            "practise on their own cooperative's storefront.",
            "The course material is in the training library, to read again at any time.",
        ],
    ),
}
CAMPAIGN = {
    "title": "Cu Chi cantaloupe season",
    "text": "VietGAP greenhouse cantaloupes from Cu Chi's cooperatives, delivered across the city the same day.",
    "link_text": "Read the story",
}


def _fill_pages(log):
    """English for the news, its articles, the directory and the home page's campaign (its link and image kept)."""
    for model, title in ((ArticleIndexPage, NEWS_TITLE), (CooperativeDirectoryPage, DIRECTORY_TITLE)):
        for index in model.objects.filter(title_en=""):
            index.title_en = title
            index.save_revision().publish()
    articles = ArticlePage.objects.filter(slug__in=ARTICLES, title_en="")
    for article in articles:
        article.title_en, article.intro_en, paragraphs = ARTICLES[article.slug]
        article.body_en = [("paragraph", f"<p>{paragraph}</p>") for paragraph in paragraphs]
        article.save_revision().publish()
    home = HomePage.objects.first()
    if home is not None and home.featured and not home.featured_en:
        campaign = dict(home.featured[0].value)
        home.featured_en = [("campaign", {**campaign, **CAMPAIGN})]
        home.save_revision().publish()
    if articles:
        log(f"  + English text for {len(articles)} articles")


def fill_english(log=print):
    """Give the demo's English text to what has none yet (idempotent)."""
    for vietnamese, english in CATEGORIES.items():
        Category.objects.filter(name_vi=vietnamese, name_en__isnull=True).update(name_en=english)
    for code, english in CERTIFICATIONS.items():
        Certification.objects.filter(code=code, name_en__isnull=True).update(name_en=english)
    products = Product.objects.filter(title_vi__in=PRODUCTS, title_en__isnull=True)
    for product in products:
        product.title_en, product.description_en = PRODUCTS[product.title_vi]
        product.save(update_fields=["title_en", "description_en", "date_updated"])
        product_refresh_search_text(product)
    home = HomePage.objects.first()
    if home is not None and not home.hero_title_en:
        home.hero_title_en = HOME_HERO_TITLE
        home.save_revision().publish()
    for page in StorefrontPage.objects.filter(cooperative__name__in=STOREFRONT_TAGLINES, tagline_en__isnull=True):
        page.tagline_en = STOREFRONT_TAGLINES[page.cooperative.name]
        page.save_revision().publish()
    if products:
        log(f"  + English text for {len(products)} products")
    _fill_pages(log)
