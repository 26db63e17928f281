"""A buyer signs in on a 360-px phone with a phone number and the code the console SMS backend
prints (what `make run` does), then finds the number on the profile page (issue 15)."""

import re

from django.contrib.auth import get_user_model

from tests.browser.audits import assert_page_is_fine

User = get_user_model()


def test_a_new_buyer_signs_in_with_a_phone_number_and_the_code_from_the_console(
    live_site, audited_phone, settings, capsys
):
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    page = audited_phone
    page.goto(live_site.url + "/accounts/login/")
    assert_page_is_fine(page)
    page.get_by_role("link", name="Đăng nhập bằng số điện thoại").click()
    page.wait_for_url("**/accounts/phone/")
    assert_page_is_fine(page)

    page.get_by_label("Số điện thoại di động").fill("0912 345 678")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.wait_for_url("**/accounts/phone/code/")
    assert_page_is_fine(page)

    printed = capsys.readouterr().out
    code = re.search(r"SMS to \+84912345678: .*?(\d{6})", printed).group(1)
    page.get_by_label("Mã trong tin nhắn").fill(code)
    page.get_by_role("button", name="Đăng nhập").click()

    page.wait_for_url("**/accounts/profile/")
    assert page.get_by_text("Bạn đã đăng nhập").is_visible()
    assert page.get_by_text("091 234 5678").is_visible()
    assert_page_is_fine(page)
    assert User.objects.get(phone__number="+84912345678").email == ""


def test_a_wrong_code_is_told_in_vietnamese_on_the_phone(live_site, audited_phone, settings, capsys):
    settings.SMS_BACKEND = "accounts.sms.ConsoleBackend"
    page = audited_phone
    page.goto(live_site.url + "/accounts/phone/")
    page.get_by_label("Số điện thoại di động").fill("0912345678")
    page.get_by_role("button", name="Gửi mã cho tôi").click()
    page.wait_for_url("**/accounts/phone/code/")
    code = re.search(r"(\d{6})", capsys.readouterr().out.split("SMS to", 1)[1]).group(1)
    page.get_by_label("Mã trong tin nhắn").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Đăng nhập").click()

    assert page.get_by_text("Mã không đúng hoặc đã hết hạn").is_visible()
    assert_page_is_fine(page)
