"""The public list of upcoming sessions, the officers' list and the workspace page: what they show,
and a query count that does not grow with the sessions."""

import pytest

from marketplace.models import TrainingLibraryPage, TrainingResourcePage
from tests import factories
from training import services
from training.models import Course

from .conftest import make_session

pytestmark = pytest.mark.django_db


def test_the_public_list_shows_upcoming_published_sessions_with_seats_left(client, site, course, session, staff_a):
    services.registration_create(session=session, person=staff_a, by=staff_a)
    hidden = Course.objects.create(title="Khoá chưa công bố", audience="district_officials")
    make_session(hidden)
    make_session(course, days=-2, venue="Buổi đã qua")
    make_session(course, is_cancelled=True, venue="Buổi đã huỷ")
    full = make_session(course, seats=1, days=9, online_link="https://meet.example.vn/x", venue="")
    services.registration_create(session=full, person=staff_a, by=staff_a)

    html = client.get("/lop-tap-huan/").content.decode()

    assert html.count("data-session=") == 2
    assert "Còn 1 chỗ" in html and "Hội trường UBND xã An Phú" in html
    assert "Đã đủ chỗ: đăng ký mới vào danh sách chờ" in html and "Học trực tuyến" not in html
    assert "Cán bộ, nhân viên hợp tác xã" in html
    for absent in ("Khoá chưa công bố", "Buổi đã qua", "Buổi đã huỷ"):
        assert absent not in html


@pytest.fixture
def materials(site, course):
    library = site.add_child(instance=TrainingLibraryPage(title="Thư viện tập huấn", slug="thu-vien-tap-huan"))
    pages = [
        library.add_child(
            instance=TrainingResourcePage(
                title=title, kind="video", summary="Nội dung", video_url="https://www.youtube.com/watch?v=abc"
            )
        )
        for title in ("Bán hàng trên điện thoại", "Chụp ảnh sản phẩm")
    ]
    draft = library.add_child(
        instance=TrainingResourcePage(
            title="Bản nháp", kind="video", summary="x", video_url="https://www.youtube.com/watch?v=x", live=False
        )
    )
    course.materials.set([*pages, draft])
    return pages


def test_the_public_list_links_the_courses_live_materials(client, site, course, session, materials):
    html = client.get("/lop-tap-huan/").content.decode()

    assert "Tài liệu:" in html
    for page in materials:
        assert f'<a href="{page.url}">{page.title}</a>' in html
    assert "Bản nháp" not in html


def fill(course, coop, count):
    people = [factories.cooperative_staff(coop) for _n in range(3)]
    for n in range(count):
        session = make_session(course, days=n + 1, seats=2)
        for person in people:
            services.registration_create(session=session, person=person, by=person)


@pytest.mark.parametrize("count", [3, 30])
def test_the_public_list_query_count_does_not_grow(
    client, site, course, coop_a, materials, count, django_assert_max_num_queries
):
    fill(course, coop_a, count)
    client.get("/lop-tap-huan/")

    # The count for the pages, the sessions with their course, commune and seats taken, the courses'
    # materials, Wagtail's site roots for the materials' links.
    with django_assert_max_num_queries(4):
        response = client.get("/lop-tap-huan/")

    assert response.content.decode().count("data-session=") == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_officers_list_query_count_does_not_grow(
    client, site, course, coop_a, officer, count, django_assert_max_num_queries
):
    fill(course, coop_a, count)
    client.force_login(officer)
    client.get("/lop-tap-huan/quan-ly/")

    # Session, user, permissions, the dashboard's menu; then the count, courses and their sessions.
    with django_assert_max_num_queries(8):
        response = client.get("/lop-tap-huan/quan-ly/")

    assert response.content.decode().count("data-session=") == count


@pytest.mark.parametrize("count", [3, 30])
def test_the_workspace_page_query_count_does_not_grow(
    client, site, course, coop_a, staff_a, count, django_assert_max_num_queries
):
    fill(course, coop_a, count)
    client.force_login(staff_a)
    client.get("/workspace/training/")

    # Session, user, permissions, the cooperative; sessions, colleagues, registrations.
    with django_assert_max_num_queries(9):
        response = client.get("/workspace/training/")

    html = response.content.decode()
    assert html.count("data-session=") == count
    assert html.count("data-registration=") == 3 * count
