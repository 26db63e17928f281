from oscar.apps.checkout import views

from payments import services as payment_services


class PaymentDetailsView(views.PaymentDetailsView):
    def handle_payment(self, order_number, total, **kwargs):
        # Cash on delivery: nothing is charged now; the source records what
        # the courier collects.
        self.add_payment_source(payment_services.cash_on_delivery_source(total=total))
