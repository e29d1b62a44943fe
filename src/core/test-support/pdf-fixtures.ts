import {
  PDFDocument,
  PDFHexString,
  StandardFonts,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFontAndSize,
  showText,
  moveText,
  type PDFFont,
  type PDFName,
  type PDFPage,
} from 'pdf-lib';

/**
 * PDFs built in code for the PDF parser's tests (src/core/import/pdf.test.ts) and later for the
 * e2e and bench runs: a laid-out article with the furniture real reports carry (running header,
 * "Page N of M" footer, page numbers, a print stamp, a URL), a paragraph crossing a page break,
 * a two-column page, hyphenated line ends and a real ligature glyph; plus the broken inputs the
 * parser must refuse (encrypted, image only, truncated). Every sentence here is our own.
 *
 * Each article comes with its ground truth: the blocks a reader expects, in reading order, so a
 * test or a benchmark can count paragraphs split or merged wrongly and furniture left in.
 */

export interface TruthBlock {
  kind: 'heading' | 'paragraph';
  text: string;
  /** Headings: 1 for the title, 2 for section headings. */
  level?: number;
  /** 1-based page the block starts on. */
  page: number;
}

export interface PdfTruth {
  /** The title printed on page 1 (and, when `metadata` is on, the info dictionary's title). */
  title: string;
  /** Only set in the info dictionary (empty when `metadata` is off). */
  authors: string[];
  /** The info dictionary's creation date as YYYY-MM-DD ('' when `metadata` is off). */
  publishedAt: string;
  blocks: TruthBlock[];
  /** Exact strings drawn as page furniture; none may survive into the parsed text. */
  furniture: string[];
  /** The paragraph that starts on page `from` and ends on page `from + 1`. */
  crossPage: { text: string; from: number };
  /** The two-column page and its body paragraphs in reading order (left column, then right). */
  columns: { page: number; paragraphs: string[] };
  /** Words broken at a line end: `kept` keep their hyphen ("Iran-backed"), `joined` lose it. */
  hyphenation: { kept: string[]; joined: string[] };
  /** A word printed with a ligature glyph (U+FB01), as it must read after import. */
  ligatureWord: string;
  pageCount: number;
}

export interface PdfFixture {
  bytes: Uint8Array;
  truth: PdfTruth;
}

export interface ArticleOptions {
  /** Write title, author and creation date into the info dictionary (default true). */
  metadata?: boolean;
  /** Total pages: filler pages of field notes are added after the four article pages (default 4). */
  pages?: number;
  /** Insert a page with only a drawn figure (no text) before this 1-based page of the result. */
  figurePageAt?: number;
}

// ---------------------------------------------------------------------------------------------
// Geometry (points; PDF y grows upward).

const PAGE_W = 612;
const PAGE_H = 792;
const LEFT = 72;
const RIGHT = 540;
const TOP = 712;
const BOTTOM = 72;
const BODY_SIZE = 11;
const LEADING = 14;
const INDENT = 18;
const COLUMN_GAP = 24;
const COLUMN_PARAGRAPH_GAP = 8;
const HEADING_SIZE = 14;
const TITLE_SIZE = 20;

export const RUNNING_HEADER = 'Levant Security Review — Issue 12';
const PRINT_STAMP = '14/03/2024, 09:41';
const ARTICLE_URL = 'https://lsr.example.org/issue-12/proxies-and-patrons';

const TITLE = 'Proxies and Patrons: The Long Shadow War';
const AUTHORS = ['Mara Delacroix', 'Tomas Reiner'];
const BYLINE = 'By Mara Delacroix and Tomas Reiner · Field analysis';

/*
 * Paragraph sources. A `~` marks a forced line break inside a word: "opera~tions" is printed as
 * "opera-" / "tions" and reads "operations"; "Iran-~backed" is printed as "Iran-" / "backed" and
 * reads "Iran-backed". The ligature "ﬁ" is printed with the Times glyph named "fi".
 */
const P_INTRO =
  'For more than a decade the rivalry between regional powers has been fought less by armies than by partners who can be denied. Tehran built a web of militias, financiers and smugglers that stretches from the Gulf to the Mediterranean, while Moscow leaned on private contractors to reach places its own soldiers could not. Neither arrangement is new, yet both have grown more ambitious.';
const P_OPERATIONS =
  'What unites these networks is a preference for deniable opera~tions over open commitment. A patron supplies money, training and sometimes weapons; the partner supplies local knowledge and absorbs the risk. When something goes wrong, officials in the capital can insist that the fighters acted alone.';
const P_SAHEL =
  'In the Sahel the pattern took a commercial form. Contractors arrived to protect presidents and stayed to run mines, charging for security in gold concessions and logging permits. Local officers who once trained with European partners found themselves taking orders from advisers who answered to a holding company rather than to any ministry, and the contracts they signed were rarely published.';
const P_SYRIA =
  'Syria served as the laboratory for both approaches. Iranian advisers organised local defence forces and brought in fighters from Iraq, Afghanistan and Pakistan, while Russian aircraft and contractors guarded oil fields and phosphate mines. The two patrons cooperated on the battlefield and competed for reconstruction contracts once the front lines settled, each trying to turn military help into lasting economic leverage.';
const P_LEVERS =
  'Patrons also compete for the loyalty of the same partners. A militia commander in the east of the country can take salaries from one capital, weapons from another and smuggling rights from a third, and his choices depend on which of them pays on time. That competition has made the partners harder to discipline, because each of them knows that a rival sponsor is waiting. Sponsors have tried to solve this by paying through intermediaries they control, but the intermediaries soon learn the same trick and start bargaining on their own account.';
const P_LIBYA =
  'Libya showed how quickly such arrangements can change hands. Contractors first appeared there as technicians attached to an eastern commander, then as snipers and air-defence crews, and finally as the guardians of airbases that served as stepping stones to the rest of Africa. Each stage was denied in the capital until photographs, flight records or the testimony of captured fighters made denial pointless, at which point the official line shifted to describing the men as volunteers. The same sequence of denial, partial admission and reframing has since been repeated in at least four other countries, and diplomats who follow the region now treat the first denial as a routine step rather than as a statement of fact.';
/** Long enough to run from the foot of page 1 onto page 2, where it resumes in lowercase. */
const P_CROSS =
  'The model has limits that became visible after the Wagner mutiny of 2023, when a contractor that had served the Kremlin in Syria, Libya and the Sahel briefly turned its convoys toward Moscow and forced the state to reclaim the assets it had allowed the group to accumulate over many years of loosely supervised expansion. Successor units now answer more directly to the defence ministry, their commanders are rotated more often than before, and their pay comes through state channels that leave a record which investigators and rival services can follow. The price of that control is speed, since every deployment must now pass through officials who are more cautious than the entrepreneurs they replaced. Field commanders complain that requests for fuel, spare parts and transport aircraft now wait for signatures in several offices, and that partners in Africa have noticed the delays and begun to ask whether the new arrangement can still deliver what the old one promised.';
const P_IRAN =
  'Iranian planners drew a different lesson. They spread responsibility across many groups so that no single commander could become indispensable. The Iran-~backed militias in Iraq, for example, compete with one another for funds as much as they cooperate, which keeps each of them reliant on the patron.';
const P_LIGATURE =
  'Money is the thread that ties the system together. Investigators following the ﬁnancing of these groups describe shell companies, exchange houses and cargo ships that change flags several times in a single year.';
const P_HEADING_2 = 'Money, fuel and the Red Sea';
const P_FUEL =
  'Fuel sales have become one of the most reliable sources of income. Tankers load in one port, switch off their transponders and reappear days later with new paperwork, while the proceeds move through accounts that open and close within weeks.';
const P_RUSSIA =
  'Since the start of the Russia-~Ukraine war, these routes have also carried components for drones and missiles in the other direction. Customs officials in several countries report that the same intermediaries appear in both trades, which suggests a shared logistics network rather than two separate ones.';
const P_HOUTHI =
  'The Houthis are the clearest case of a partner that has outgrown its sponsor. Their attacks on shipping gave them a global audience, and their leaders now negotiate with foreign envoys in their own name.';

const COLUMNS_HEADING = 'Two theatres, one playbook';
const C_LEFT_1 =
  'In Lebanon, Hezbollah combines a political party, a social welfare system and an armed force that outguns the national army. Its leadership takes strategic guidance from Tehran but manages its own budget and recruitment.';
/** Runs from the foot of the left column to the top of the right one. */
const C_SPLIT =
  'In Yemen, by contrast, the movement that controls the north relied on Iranian help for missile technology while raising most of its money at home through taxes, customs duties and control of the fuel trade. The difference matters for anyone trying to predict how either group would react if the flow of support stopped.';
const C_RIGHT_2 =
  'Both groups learned to present local grievances as part of a wider struggle, which lets them recruit well beyond their original base.';

const WATCH_HEADING = 'What to watch';
const W_1 =
  'Three indicators deserve attention in the coming months. The first is whether the contractors who replaced Wagner in Africa keep the same logis~tics chains or build new ones.';
const W_2 =
  'The second is the flow of money to Iran-backed groups in Iraq and Syria, which tends to shrink when oil prices fall. The third is the tone of Houthi statements toward Gulf capitals, an early sign of whether the truce on the border will hold.';

const NOTE_SENTENCES = [
  'Local sources reported new checkpoints on the road between the port and the airport.',
  'A shipment of spare parts was held at customs for two weeks before being released without explanation.',
  'Militia leaders met tribal elders to discuss the division of revenue from the crossing.',
  'Prices for diesel in the market rose sharply after the convoy failed to arrive.',
  'Two commanders were replaced after a dispute over salaries that had gone unpaid for months.',
  'Foreign envoys visited the capital and left without announcing any agreement.',
  'Satellite images show new construction at the training camp outside the city.',
  'A charity linked to the movement opened three clinics in districts it had not served before.',
  'Residents said that the curfew was enforced more strictly after the attack on the bridge.',
  'The exchange rate in the informal market moved within a narrow band for the whole week.',
  'Officials denied reports that a senior adviser had arrived from abroad.',
  'Fishermen complained that patrol boats had stopped them twice in the same morning.',
];

// ---------------------------------------------------------------------------------------------
// Layout.

interface Fonts {
  body: PDFFont;
  bold: PDFFont;
  sans: PDFFont;
  italic: PDFFont;
  /** Times-Roman with "fi" and "fl" glyphs at codes 31 and 30 (WinAnsi cannot encode U+FB01). */
  ligatureKey: (page: PDFPage) => PDFName;
}

const LIGATURE_CODES: Record<string, number> = { '\uFB01': 31, '\uFB02': 30 };

/** Width of a body line; a ligature is as wide as its two letters, close enough for wrapping. */
function widthOf(font: PDFFont, text: string, size: number): number {
  return font.widthOfTextAtSize(text.replace(/\uFB01/g, 'fi').replace(/\uFB02/g, 'fl'), size);
}

/**
 * Greedy wrap; a word with `~` is broken there: the part before ends its line with a hyphen
 * (added unless it already ends with one), the part after starts the next line.
 */
function wrap(text: string, font: PDFFont, size: number, width: number, firstIndent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  const room = () => width - (lines.length === 0 ? firstIndent : 0);
  const fits = (candidate: string) => widthOf(font, candidate, size) <= room();
  for (const word of text.split(' ')) {
    const broken = word.split('~');
    if (broken.length === 2) {
      const head = broken[0].endsWith('-') ? broken[0] : `${broken[0]}-`;
      const candidate = line ? `${line} ${head}` : head;
      if (!fits(candidate)) {
        lines.push(line);
        line = head;
      } else line = candidate;
      lines.push(line);
      line = broken[1];
      continue;
    }
    const candidate = line ? `${line} ${word}` : word;
    if (line && !fits(candidate)) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

const readable = (source: string): string => source.replace(/~/g, '').replace(/\uFB01/g, 'fi').replace(/\uFB02/g, 'fl');

class Cursor {
  y = TOP;
  /** Lines below this y go to the next cursor (the next column or page). */
  bottom = BOTTOM;
  /** Where a paragraph goes on when this cursor is full; without one, overflow is an error. */
  next: (() => Cursor) | null = null;
  readonly page: PDFPage;
  readonly fonts: Fonts;
  readonly left: number;
  readonly right: number;
  constructor(page: PDFPage, fonts: Fonts, left = LEFT, right = RIGHT) {
    this.page = page;
    this.fonts = fonts;
    this.left = left;
    this.right = right;
  }

  get width(): number {
    return this.right - this.left;
  }

  line(text: string, x: number, font: PDFFont, size: number): void {
    if (this.y < this.bottom) throw new Error(`fixture overflow: "${text.slice(0, 40)}" does not fit on its page`);
    if (/[\uFB01\uFB02]/.test(text)) {
      // Times-Roman through our own font dictionary, so the content stream carries the real glyph.
      const hex = Array.from(text, (ch) => {
        const code = LIGATURE_CODES[ch] ?? ch.charCodeAt(0);
        if (code > 0x7e) throw new Error(`fixture: ligature lines are ASCII only (${ch})`);
        return code.toString(16).padStart(2, '0');
      }).join('');
      const key = this.fonts.ligatureKey(this.page);
      this.page.pushOperators(
        pushGraphicsState(),
        beginText(),
        setFontAndSize(key, size),
        moveText(x, this.y),
        showText(PDFHexString.of(hex)),
        endText(),
        popGraphicsState(),
      );
    } else {
      this.page.drawText(text, { x, y: this.y, size, font });
    }
  }

  heading(text: string, size = HEADING_SIZE): void {
    this.y -= 10;
    for (const line of wrap(text, this.fonts.bold, size, this.width)) {
      this.line(line, this.left, this.fonts.bold, size);
      this.y -= size * 1.2;
    }
    this.y -= 6;
  }
}

/**
 * A body paragraph set from `start`; `indent` indents its first line. Lines that do not fit flow
 * on to the cursor's `next` (unindented, as a continued paragraph is set); returns the cursor
 * the paragraph ended in and, when it moved, the first line set there.
 */
function paragraph(start: Cursor, source: string, options: { indent?: boolean; gapAfter?: number } = {}): { at: Cursor; resumedWith?: string } {
  const indent = options.indent ? INDENT : 0;
  const lines = wrap(source, start.fonts.body, BODY_SIZE, start.width, indent);
  let at = start;
  let resumedWith: string | undefined;
  lines.forEach((text, i) => {
    if (at.y < at.bottom && at.next) {
      at = at.next();
      resumedWith ??= text;
    }
    at.line(text, at.left + (i === 0 ? indent : 0), at.fonts.body, BODY_SIZE);
    at.y -= LEADING;
  });
  at.y -= options.gapAfter ?? 0;
  return { at, resumedWith };
}

function furniture(page: PDFPage, fonts: Fonts, number: number, total: number): string[] {
  const footer = `Page ${number} of ${total}`;
  page.drawText(footer, { x: RIGHT - fonts.sans.widthOfTextAtSize(footer, 8), y: 36, size: 8, font: fonts.sans });
  if (number === 1) return [footer];
  page.drawText(RUNNING_HEADER, { x: LEFT, y: 756, size: 9, font: fonts.sans });
  const folio = String(number);
  page.drawText(folio, { x: RIGHT - fonts.sans.widthOfTextAtSize(folio, 9), y: 756, size: 9, font: fonts.sans });
  return [footer, RUNNING_HEADER, folio];
}

function noteParagraph(note: number, paragraph: number): string {
  const out: string[] = [];
  for (let k = 0; k < 5; k++) out.push(NOTE_SENTENCES[(note * 7 + paragraph * 5 + k) % NOTE_SENTENCES.length]);
  return out.join(' ');
}

/**
 * A multi-page article (see the module comment). Page 1: print stamp, title, byline, a section
 * with indented paragraphs, the start of a paragraph that ends on page 2, the article's URL.
 * Page 2: its continuation, more sections. Page 3: a full-width heading over two columns, one
 * paragraph running from the left column into the right. Page 4: closing section. Further pages
 * (`pages`) hold field notes. Pages 2 and on carry the running header and a page number; every
 * page carries "Page N of M".
 */
export async function articlePdf(options: ArticleOptions = {}): Promise<PdfFixture> {
  const withMetadata = options.metadata ?? true;
  const textPages = Math.max(4, options.pages ?? 4);
  const figureAt = options.figurePageAt;
  const total = textPages + (figureAt ? 1 : 0);
  const doc = await PDFDocument.create({ updateMetadata: false });
  if (withMetadata) {
    doc.setTitle(TITLE);
    doc.setAuthor(AUTHORS.join('; '));
    doc.setCreationDate(new Date(Date.UTC(2024, 2, 14, 12, 0, 0)));
    doc.setProducer('Tiemark fixtures');
  }
  const times = await doc.embedFont(StandardFonts.TimesRoman);
  const ligatureRef = doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Times-Roman',
      Encoding: { Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: [30, 'fl', 31, 'fi'] },
    }),
  );
  const ligatureKeys = new Map<PDFPage, PDFName>();
  const fonts: Fonts = {
    body: times,
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    sans: await doc.embedFont(StandardFonts.Helvetica),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
    ligatureKey: (page) => {
      let key = ligatureKeys.get(page);
      if (!key) ligatureKeys.set(page, (key = page.node.newFontDictionary('Lig', ligatureRef)));
      return key;
    },
  };

  const blocks: TruthBlock[] = [];
  const furnitureText = new Set<string>();
  let pageNumber = 0;
  const newPage = (): PDFPage => {
    if (figureAt && pageNumber + 1 === figureAt) {
      const figure = doc.addPage([PAGE_W, PAGE_H]);
      figure.drawRectangle({ x: 120, y: 300, width: 360, height: 240, color: rgb(0.8, 0.85, 0.9), borderColor: rgb(0.2, 0.3, 0.4), borderWidth: 2 });
      figure.drawEllipse({ x: 300, y: 420, xScale: 80, yScale: 50, color: rgb(0.9, 0.6, 0.3) });
      pageNumber++;
    }
    const page = doc.addPage([PAGE_W, PAGE_H]);
    pageNumber++;
    for (const f of furniture(page, fonts, pageNumber, total)) furnitureText.add(f);
    return page;
  };
  const para = (text: string, page = pageNumber) => blocks.push({ kind: 'paragraph', text: readable(text), page });
  const heading = (text: string, level: number) => blocks.push({ kind: 'heading', text, level, page: pageNumber });

  // Page 1.
  let page = newPage();
  page.drawText(PRINT_STAMP, { x: LEFT, y: 770, size: 8, font: fonts.sans });
  page.drawText(ARTICLE_URL, { x: LEFT, y: 36, size: 8, font: fonts.sans });
  furnitureText.add(PRINT_STAMP).add(ARTICLE_URL);
  let at = new Cursor(page, fonts);
  at.heading(TITLE, TITLE_SIZE);
  heading(TITLE, 1);
  at.line(BYLINE, LEFT, fonts.italic, 10);
  at.y -= 24;
  para(BYLINE);
  at.heading('A network built for deniability');
  heading('A network built for deniability', 2);
  paragraph(at, P_INTRO);
  para(P_INTRO);
  for (const p of [P_OPERATIONS, P_SAHEL, P_SYRIA, P_LIBYA, P_LEVERS]) {
    paragraph(at, p, { indent: true });
    para(p);
  }
  // The paragraph runs on to page 2 (a new page, unindented, in lowercase).
  const crossFrom = pageNumber;
  para(P_CROSS);
  at.next = () => new Cursor(newPage(), fonts);
  const crossed = paragraph(at, P_CROSS, { indent: true });
  if (!crossed.resumedWith || !/^[a-z]/.test(crossed.resumedWith)) {
    throw new Error(`fixture: the page-1 paragraph must resume on page 2 in lowercase, not "${crossed.resumedWith}"`);
  }

  // Page 2.
  at = crossed.at;
  for (const p of [P_IRAN, P_LIGATURE]) {
    paragraph(at, p, { indent: true });
    para(p);
  }
  at.heading(P_HEADING_2);
  heading(P_HEADING_2, 2);
  paragraph(at, P_FUEL);
  para(P_FUEL);
  for (const p of [P_RUSSIA, P_HOUTHI]) {
    paragraph(at, p, { indent: true });
    para(p);
  }

  // Page 3: two columns under a full-width heading; paragraphs separated by space, not indents.
  page = newPage();
  at = new Cursor(page, fonts);
  at.heading(COLUMNS_HEADING);
  heading(COLUMNS_HEADING, 2);
  const columnWidth = (RIGHT - LEFT - COLUMN_GAP) / 2;
  const left = new Cursor(page, fonts, LEFT, LEFT + columnWidth);
  const right = new Cursor(page, fonts, RIGHT - columnWidth, RIGHT);
  left.y = right.y = at.y;
  // A short column: the second paragraph has to continue at the top of the right column.
  left.bottom = left.y - 8 * LEADING;
  left.next = () => right;
  let column = paragraph(left, C_LEFT_1, { gapAfter: COLUMN_PARAGRAPH_GAP }).at;
  const split = paragraph(column, C_SPLIT, { gapAfter: COLUMN_PARAGRAPH_GAP });
  if (split.at !== right || !split.resumedWith || !/^[a-z]/.test(split.resumedWith)) {
    throw new Error(`fixture: the split column paragraph must resume in the right column in lowercase, not "${split.resumedWith}"`);
  }
  column = split.at;
  paragraph(column, C_RIGHT_2);
  const columnParagraphs = [C_LEFT_1, C_SPLIT, C_RIGHT_2].map(readable);
  for (const p of columnParagraphs) para(p);
  const columnsPage = pageNumber;

  // Page 4.
  page = newPage();
  at = new Cursor(page, fonts);
  at.heading(WATCH_HEADING);
  heading(WATCH_HEADING, 2);
  paragraph(at, W_1);
  para(W_1);
  paragraph(at, W_2, { indent: true });
  para(W_2);

  // Field notes.
  for (let note = 1; note <= textPages - 4; note++) {
    page = newPage();
    at = new Cursor(page, fonts);
    const title = `Field note ${note}`;
    at.heading(title);
    heading(title, 2);
    for (let p = 0; p < 4; p++) {
      const text = noteParagraph(note, p);
      paragraph(at, text, { indent: p > 0 });
      para(text);
    }
  }
  if (figureAt && figureAt > pageNumber) throw new Error('fixture: figurePageAt is past the last page');

  const bytes = await doc.save();
  return {
    bytes,
    truth: {
      title: TITLE,
      authors: withMetadata ? AUTHORS : [],
      publishedAt: withMetadata ? '2024-03-14' : '',
      blocks,
      furniture: [...furnitureText],
      crossPage: { text: readable(P_CROSS), from: crossFrom },
      columns: { page: columnsPage, paragraphs: columnParagraphs },
      hyphenation: { kept: ['Iran-backed', 'Russia-Ukraine'], joined: ['operations', 'logistics'] },
      ligatureWord: 'financing',
      pageCount: total,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Inputs the parser must refuse.

/** A PDF written out by hand: numbered objects, a classic xref table and a trailer. */
function handWritten(objects: string[], trailerExtra: string): Uint8Array {
  let out = '%PDF-1.4\n%\u00E2\u00E3\u00CF\u00D3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  // Latin-1 only: one byte per character, so the offsets above are byte offsets.
  return Uint8Array.from(out, (ch) => ch.charCodeAt(0));
}

const hexBytes = (count: number, seed: number): string =>
  Array.from({ length: count }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');

/**
 * A one-page PDF whose trailer names a standard security handler (RC4, revision 2) with a user
 * password: pdf-lib cannot encrypt, so it is written by hand. The /U entry matches no password,
 * so a reader must ask for one (pdf.js raises PasswordException).
 */
export function encryptedPdf(): Uint8Array {
  const content = 'BT /F1 12 Tf 72 720 Td (Sealed briefing on Hezbollah finances) Tj ET';
  return handWritten(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${hexBytes(32, 7)}> /U <${hexBytes(32, 99)}> /P -3904 >>`,
    ],
    `/Encrypt 6 0 R /ID [<${hexBytes(16, 3)}> <${hexBytes(16, 3)}>]`,
  );
}

/**
 * One line of Japanese in a non-embedded CID font whose codes are mapped by a predefined CMap
 * (UniJIS-UCS2-H) and no ToUnicode table, as older CJK PDFs are made: a reader needs the CMap
 * files pdf.js ships to turn the codes into text.
 */
export function cjkPdf(): { bytes: Uint8Array; text: string } {
  const text = '東京会議の記録';
  const hex = Array.from(text, (ch) => ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')).join('');
  const content = `BT /F1 12 Tf 72 720 Td <${hex}> Tj ET`;
  const bytes = handWritten(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      '<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 /Encoding /UniJIS-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HeiseiMin-W3 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /FontDescriptor 7 0 R >>',
      '<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 /FontBBox [0 -141 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 709 /StemV 69 >>',
    ],
    '',
  );
  return { bytes, text };
}

/** Two pages of drawn shapes and no text at all, as a scan without OCR looks to a text reader. */
export async function imagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage([PAGE_W, PAGE_H]);
    page.drawRectangle({ x: 40, y: 40, width: 532, height: 712, color: rgb(0.96, 0.95, 0.9) });
    for (let line = 0; line < 30; line++) {
      page.drawRectangle({ x: 72, y: 700 - line * 20, width: 380 + ((line * 53) % 80), height: 8, color: rgb(0.3, 0.3, 0.3) });
    }
  }
  return doc.save();
}

/** The first part of a valid article PDF, as an interrupted download leaves it. */
export async function truncatedPdf(fraction = 0.6): Promise<Uint8Array> {
  const { bytes } = await articlePdf();
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}

/** A small one-page PDF with the given lines in Times at 11 pt, one per line (for unit cases). */
export async function linesPdf(lines: string[], options: { title?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  if (options.title) doc.setTitle(options.title);
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([PAGE_W, PAGE_H]);
  lines.forEach((text, i) => page.drawText(text, { x: LEFT, y: TOP - i * LEADING, size: BODY_SIZE, font }));
  return doc.save();
}
