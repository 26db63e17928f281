"""A delivery address as the checkout's address form takes it (checkout/forms.py, ShippingAddressForm)."""

from regions import divisions

HO_CHI_MINH_CITY = divisions.HO_CHI_MINH_CITY
BEN_THANH = next(commune for commune in divisions.communes_of(HO_CHI_MINH_CITY) if commune.name == "Phường Bến Thành")

GUEST_ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "090 123 4567",
    "province": str(HO_CHI_MINH_CITY),
    "commune": str(BEN_THANH.code),
    "line1": "12 Lê Lợi",
}
