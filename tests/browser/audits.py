"""What every workspace (and, later, buyer) page is held to in the browser journeys:
axe-core finds no critical or serious violation, the page fits the phone, and a Vietnamese page
shows no English.

axe-core comes from npm (package.json, installed by `make install-dev`); it is injected into the
page, which needs the ``audited_phone`` fixture's context (``bypass_csp=True``: only tests do this,
the site's Content-Security-Policy forbids scripts it did not serve).
"""

import re
from functools import cache
from pathlib import Path

from tests.browser.journeys import assert_fits_the_phone

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Words that are English and never Vietnamese, written without diacritics (Vietnamese words such as
# "to", "an", "con", "do", "hay", "ban", "me" are deliberately absent). Names and units pass.
ENGLISH_WORDS = frozenset(
    """
    the and of your you our this that these with from for are is was not please choose action actions
    order orders status save saved draft cancel cancelled confirm confirmed shipped delivered pending
    product products price prices stock delete edit add new view submit search image images available
    upload drag drop publish preview promote collapse expand settings dashboard back next previous page
    items total quantity sign login logout account help today store storefront shop customer customers
    payment payments balance statement staff delivery options two step review reviews photo photos
    import export template file files open close closed yes no none unknown error errors success
    welcome hello update updated create created name description category categories partner partners
    re-order reorder fulfilment shipping address phone email weight unit units sold sale sales
    we have has been will merged enter following information used basket checkout wishlist wishlists
    password reset register continue remove apply voucher alerts notifications history profile
    processing complete write buy here which there when what who only out shop submitted found
    sorry denied permission permalink reviewed helpful votes notify stock alert previous item
    """.split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@cache
def _axe_source() -> str:
    return AXE.read_text()


def axe_violations(page, impacts=("critical", "serious"), within=None) -> list[str]:
    """axe-core's critical and serious violations on the page as it stands (or in the elements the CSS
    selector ``within`` picks), one line each."""
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "async (within) => await axe.run(within ? {include: Array.from(document.querySelectorAll(within))}"
        " : document, {resultTypes: ['violations']})",
        within,
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


# What a person reads or hears on the page: its title, the visible text, and the words that are not
# text nodes: button values, placeholders, labels for screen readers, tooltips, image descriptions and
# the options of a select (all but those of hidden elements).
_READ_TEXTS = """() => {
  // What the page marks as not to be translated (translate="no": a key, a code) is no language.
  let body = document.body.innerText;
  for (const el of document.body.querySelectorAll('[translate=no]')) {
    if (el.innerText) body = body.split(el.innerText).join(' ');
  }
  const texts = [document.title, body];
  const shown = (el) => !el.closest('[hidden], [aria-hidden=true], template')
    && (el.getClientRects().length > 0
        || (el.tagName === 'OPTION' && el.closest('select').getClientRects().length > 0));
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], img[alt], option,'
      + ' input[type=submit], input[type=button], input[type=reset]')) {
    if (!shown(el)) continue;
    for (const attribute of ['placeholder', 'aria-label', 'title', 'alt']) {
      if (el.hasAttribute(attribute)) texts.push(el.getAttribute(attribute));
    }
    if (el.tagName === 'OPTION') texts.push(el.textContent);
    if (el.tagName === 'INPUT') texts.push(el.value);
  }
  return texts.join('\\n');
}"""


def english_on_page(page, allow=()) -> list[str]:
    """English words a person reads or hears on the page: the title, the visible text of the whole page
    (header and footer too) and the words held in attributes and options (``_READ_TEXTS``)."""
    return english_words(page.evaluate(_READ_TEXTS), allow)


def english_words(text, allow=()) -> list[str]:
    """The English words in ``text`` (a page's or an e-mail's), but those allowed."""
    allowed = {word.lower() for word in allow}
    return sorted({w for w in WORD.findall(text) if w.lower() in ENGLISH_WORDS and w.lower() not in allowed})


def assert_page_is_fine(page, *, vietnamese=True, allow=()):
    """The three checks of a page, with what failed in the message."""
    assert_fits_the_phone(page)
    problems = axe_violations(page)
    assert not problems, f"{page.url}: axe-core\n" + "\n".join(problems)
    if vietnamese:
        english = english_on_page(page, allow)
        assert not english, f"{page.url}: English on a Vietnamese page: {english}"
