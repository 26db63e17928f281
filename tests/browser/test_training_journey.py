"""A training class on phones (issue 19): an officer creates a session; a cooperative's manager registers
two of the staff and one cancels; at the door the officer scans the other's QR code and confirms them
present; the department's share of cooperatives with trained staff moves; the certificate downloads and its
verification page says it is valid. Every page audited (360 px, axe, Vietnamese)."""

import datetime

from django.utils import timezone

from tests import factories
from tests.browser.audits import assert_page_is_fine
from tests.browser.journeys import phone_page, sign_in
from training.models import Course, Registration, Session

AN_NHON_TAY = "27502"  # Củ Chi, one of the programme's communes


def _trained_card(page, url):
    page.goto(url + "/adoption/")
    return page.locator("#indicator-cooperatives_with_trained_staff").inner_text()


def test_an_officer_runs_a_class_and_a_cooperative_s_staff_member_gets_a_certificate(live_site, browser, audited_phone):
    url = live_site.url
    factories.real_geography()
    coop = factories.cooperative(name="HTX Rau sạch Phước An", commune=factories.unit(AN_NHON_TAY))
    factories.cooperative_staff(coop, email="quanly@example.com")
    colleague = factories.cooperative_staff(coop, email="nhanvien@example.com")
    colleague.first_name, colleague.last_name = "Lan", "Trần Thị"
    colleague.save()
    factories.officer(email="canbo@example.com")
    course = Course.objects.create(
        title="Bán hàng trên sàn thương mại điện tử", audience=Course.Audience.COOPERATIVE_STAFF, is_published=True
    )
    starts = timezone.localtime() + datetime.timedelta(hours=2)

    # The officer adds today's session on a phone.
    officer = audited_phone
    sign_in(officer, url, "canbo@example.com")
    officer.goto(url + f"/lop-tap-huan/quan-ly/khoa-hoc/{course.pk}/buoi-hoc/moi/")
    assert_page_is_fine(officer)
    officer.fill("#id_starts_at", starts.strftime("%Y-%m-%dT%H:%M"))
    officer.fill("#id_ends_at", (starts + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    officer.fill("#id_venue", "Hội trường UBND xã Phước Vĩnh An")
    officer.fill("#id_seats", "30")
    officer.fill("#id_trainer", "Nguyễn Văn Bình")
    with officer.expect_navigation():
        officer.locator("form button[type=submit]").last.click()
    session = course.sessions.get()

    # The cooperative's manager registers themself and a colleague; the colleague's place is then cancelled.
    manager_context, manager = phone_page(browser)
    sign_in(manager, url, "quanly@example.com")
    manager.goto(url + "/workspace/training/")
    assert_page_is_fine(manager)
    offer = manager.locator(f"[data-session='{session.pk}']")
    with manager.expect_navigation():
        offer.get_by_role("button", name="Đăng ký").click()
    offer = manager.locator(f"[data-session='{session.pk}']")
    offer.locator("select").select_option(str(colleague.pk))
    with manager.expect_navigation():
        offer.get_by_role("button", name="Đăng ký").click()
    assert Registration.objects.filter(session=session, status="registered").count() == 2
    colleague_row = Registration.objects.get(session=session, person=colleague)
    with manager.expect_navigation():
        manager.locator(f"[data-registration='{colleague_row.pk}'] button").click()
    colleague_row.refresh_from_db()
    assert colleague_row.status == "cancelled"
    assert_page_is_fine(manager)

    # The manager shows the QR code at the door; the officer's phone opens what it encodes and confirms.
    manager.goto(url + "/lop-tap-huan/cua-toi/")
    assert manager.locator("[data-registration] svg").count() == 1
    assert_page_is_fine(manager)
    attending = Registration.objects.get(session=session, status="registered")
    # The day of the class comes (two hours ahead may be tomorrow, late in the evening): it has begun.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10), ends_at=timezone.now() + datetime.timedelta(hours=2)
    )
    assert "0 / 1" in _trained_card(officer, url)
    officer.goto(url + f"/lop-tap-huan/diem-danh/{attending.code}/")
    assert_page_is_fine(officer)
    with officer.expect_navigation():
        officer.get_by_role("button", name="Xác nhận có mặt").click()
    attending.refresh_from_db()
    assert attending.status == "attended"
    assert "1 / 1" in _trained_card(officer, url)
    assert_page_is_fine(officer)

    # The certificate downloads for the manager, and anyone can check it is genuine.
    manager.goto(url + "/lop-tap-huan/cua-toi/")
    link = manager.get_by_role("link", name="Tải giấy chứng nhận (PDF)")
    certificate = manager.request.get(url + link.get_attribute("href"))
    assert certificate.headers["content-type"] == "application/pdf" and certificate.body().startswith(b"%PDF")
    manager_context.close()
    checker_context, checker = phone_page(browser)
    checker.goto(url + f"/lop-tap-huan/xac-minh/{attending.code}/")
    assert "Chứng nhận hợp lệ" in checker.content() and "Bán hàng trên sàn thương mại điện tử" in checker.content()
    assert_page_is_fine(checker)
    checker.goto(url + "/lop-tap-huan/xac-minh/khong-co-ma-nay/")
    assert "không phải" in checker.content().lower() or "không hợp lệ" in checker.content().lower()
    checker_context.close()


def test_an_officer_records_an_official_on_a_phone_and_finds_them_in_the_officials_list(
    live_site, browser, audited_phone
):
    """Officials get an account from an officer (no shop rights), are registered for a class, and are listed
    by name in the department's figures. Every page audited (360 px, axe, Vietnamese)."""
    url = live_site.url
    factories.real_geography()
    factories.officer(email="canbo@example.com")
    course = Course.objects.create(
        title="Chuyển đổi số cho cán bộ xã", audience=Course.Audience.COMMUNE_OFFICIALS, is_published=True
    )
    starts = timezone.now() + datetime.timedelta(days=3)
    Session.objects.create(
        course=course,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        seats=20,
        venue="Hội trường UBND xã An Nhơn Tây",
        trainer="Nguyễn Văn Bình",
    )
    officer = audited_phone
    sign_in(officer, url, "canbo@example.com")
    officer.goto(url + "/lop-tap-huan/quan-ly/can-bo/")
    assert_page_is_fine(officer)
    officer.fill("#id_full_name", "Lê Văn Hùng")
    officer.fill("#id_phone", "0912 345 678")
    officer.select_option("#id_level", "commune")
    officer.select_option("#id_commune", str(factories.unit(AN_NHON_TAY).pk))
    officer.select_option("#id_session", index=1)
    with officer.expect_navigation():
        officer.locator("#official-form button[type=submit]").click()
    assert_page_is_fine(officer)  # the session's registrations, with the official in them
    assert "Lê Văn Hùng" in officer.content()
    officer.goto(url + "/lop-tap-huan/quan-ly/can-bo/")
    assert "Lê Văn Hùng" in officer.locator("#officials").inner_text()
    registration = Registration.objects.get(person__first_name="Lê Văn Hùng")
    assert registration.status == "registered" and registration.cooperative is None

    officer.goto(url + "/adoption/officials/")
    assert_page_is_fine(officer)
    assert "Lê Văn Hùng" in officer.content()
