import { apiCall, expect, openApp, test } from './host';

/**
 * The Network view on the sample project: open it, filter, step through dates, find and focus an
 * actor, open a tie's evidence from the list by keyboard, go to a passage in the reader and back
 * to the graph as it was left; and save the picture.
 */

test('the network view filters, focuses an actor and leads to the evidence and back, by keyboard', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Network', exact: true }).click();
  const view = page.getByRole('main', { name: 'Network' });
  await expect(view).toBeVisible();
  const ties = view.getByRole('list', { name: 'Visible ties' });
  const actors = view.getByRole('list', { name: 'Visible actors' });
  await expect(ties.getByRole('button')).toHaveCount(7);
  // The graph is drawn (WebGL is available in this Chromium) beside its lists.
  await expect(view.locator('.network-canvas canvas').first()).toBeAttached();
  await expect(view.getByText('The graph needs WebGL')).toHaveCount(0);

  // Filters: the one structural tie goes with one switch; conflictual ties only.
  await view.getByLabel('Hide structural ties').check();
  await expect(ties.getByRole('button')).toHaveCount(6);
  await expect(ties).not.toContainText('successor of');
  await view.getByRole('checkbox', { name: /Conflictual/ }).check();
  await expect(ties.getByRole('button')).toHaveCount(1);
  await expect(ties).toContainText('Israel → strikes → Hezbollah');
  await view.getByRole('button', { name: 'Clear filters' }).click();
  await expect(ties.getByRole('button')).toHaveCount(7);

  // The date slider: at its first step only the ties dated that early (or undated) remain.
  const slider = view.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('Home');
  await expect(view.getByText(/^As of /)).toBeVisible();
  // The label moves with the slider at once; the list follows the backend's answer for that date.
  await expect.poll(() => ties.getByRole('button').count()).toBeLessThan(7);
  const early = await ties.getByRole('button').count();
  await view.getByLabel('Show claims without a date').uncheck();
  await expect.poll(() => ties.getByRole('button').count()).toBeLessThan(early + 1);
  await view.getByLabel('Show claims without a date').check();
  await page.keyboard.press('End');
  await slider.focus();
  await page.keyboard.press('End');
  await expect(ties.getByRole('button')).toHaveCount(7);

  // Find an actor by an alias, typed, and focus its neighbourhood.
  await view.getByLabel('Find an actor').pressSequentially('hizballah', { delay: 30 });
  await expect(view.getByRole('list', { name: 'Matching actors' })).toContainText('Hezbollah');
  await page.keyboard.press('Enter');
  const card = view.getByRole('region', { name: 'Actor' });
  await expect(card.getByRole('heading', { name: 'Hezbollah' })).toBeFocused();
  await card.getByRole('button', { name: 'Focus: 1 step' }).click();
  await expect(view.locator('.network-focus')).toContainText('Showing Hezbollah and the actors within 1 step.');
  await expect(actors.getByRole('button')).toHaveCount(3);
  await expect(actors).toContainText('Iran');
  await expect(actors).toContainText('Israel');

  // An edge's evidence from the list, by keyboard: Enter on the tie, Tab to the passage, Enter.
  const tie = ties.getByRole('button', { name: /Iran → supplies weapons to → Hezbollah/ });
  await tie.focus();
  await page.keyboard.press('Enter');
  const evidence = view.getByRole('region', { name: 'Evidence' });
  await expect(evidence.getByRole('heading', { name: 'Iran → supplies weapons to → Hezbollah' })).toBeFocused();
  const passage = evidence.getByRole('list', { name: 'Evidence passages' }).getByRole('button').first();
  await expect(passage).toBeVisible();
  const sourceTitle = ((await passage.locator('.network-muted').textContent()) ?? '').split(' · ')[0];
  const quote = ((await passage.locator('q').textContent()) ?? '').slice(0, 30);
  // Tab past "Every tie between these two actors" and "Timeline".
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(passage).toBeFocused();
  await page.keyboard.press('Enter');

  // The reader shows the passage.
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('.reader-title')).toHaveText(sourceTitle);
  await expect(reader.locator('[data-block]', { hasText: quote }).first()).toBeVisible();

  // Back to the graph: the focus and the open evidence are as they were left.
  await page.getByRole('button', { name: 'Network', exact: true }).click();
  await expect(view.locator('.network-focus')).toContainText('Showing Hezbollah and the actors within 1 step.');
  await expect(view.getByRole('region', { name: 'Evidence' }).getByRole('heading', { name: 'Iran → supplies weapons to → Hezbollah' })).toBeVisible();
  await view.getByRole('button', { name: 'Show everyone' }).click();
  await expect(actors.getByRole('button')).toHaveCount(10);
});

test('the network view saves the current picture as PNG and SVG', async ({ page, host }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Network', exact: true }).click();
  const view = page.getByRole('main', { name: 'Network' });
  await expect(view.getByRole('list', { name: 'Visible ties' }).getByRole('button')).toHaveCount(7);
  await page.waitForFunction(() => performance.getEntriesByName('tiemark:network-layout').length > 0, undefined, { timeout: 20_000 });

  const [png] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Save PNG' }).click()]);
  expect(png.suggestedFilename()).toBe('network.png');
  const bytes = Buffer.from(await (await png.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[])));
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  expect(bytes.length).toBeGreaterThan(2000);

  const saveSvg = async () => {
    const [svg] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Save SVG' }).click()]);
    expect(svg.suggestedFilename()).toBe('network.svg');
    return (await (await svg.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]))).toString();
  };
  const drawnTies = (svg: string) => svg.match(/<path d="M[^"]* Q/g)?.length ?? 0;
  const text = await saveSvg();
  expect(text).toContain('<svg');
  expect(text).toContain('>Hezbollah</text>');
  expect(text.match(/<circle /g)).toHaveLength(10);
  expect(drawnTies(text)).toBe(7);

  // A filter hides what it drops instead of removing it from the drawn graph (drawn.ts): the
  // picture has what the lists have, and everything again once the filter is off.
  const ties = view.getByRole('list', { name: 'Visible ties' });
  const actors = view.getByRole('list', { name: 'Visible actors' });
  await view.getByLabel('Hide structural ties').check();
  await expect(ties.getByRole('button')).toHaveCount(6);
  const narrowed = await saveSvg();
  expect(drawnTies(narrowed)).toBe(6);
  const shownActors = await actors.getByRole('button').count();
  expect(shownActors).toBeLessThan(10);
  expect(narrowed.match(/<circle /g)).toHaveLength(shownActors);
  await view.getByLabel('Hide structural ties').uncheck();
  await expect(ties.getByRole('button')).toHaveCount(7);
  const again = await saveSvg();
  expect(drawnTies(again)).toBe(7);
  expect(again.match(/<circle /g)).toHaveLength(10);
});

test('the network view filters by analyst, compares two analysts, collapses an affiliation, shows a dyad timeline and saves the view', async ({ page, host }) => {
  await openApp(page, host);
  // Two analysts: Omar's archive merged into Dana's project makes every claim coded by both; one more claim is Dana's alone.
  await apiCall(page, 'setAnalyst', { name: 'Omar' });
  const archive = await apiCall<{ content: string }>(page, 'exportArchive', {});
  await apiCall(page, 'setAnalyst', { name: 'Dana' });
  await apiCall(page, 'mergeArchive', { file: { name: 'omar.zip', dataBase64: archive.content } });
  const actorList = await apiCall<Array<{ id: string; name: string }>>(page, 'listActors', {});
  const actorId = (name: string) => actorList.find((a) => a.name === name)!.id;
  const [strike] = await apiCall<Array<{ highlightId: string }>>(page, 'listTieEvidence', { sourceActorId: actorId('Israel'), relationTypeId: 'assault-strike', targetActorId: actorId('Hezbollah') });
  await apiCall(page, 'createClaim', { highlightId: strike.highlightId, sourceActorId: actorId('Hezbollah'), relationTypeId: 'assault-strike', targetActorId: actorId('Israel'), eventDate: '2019' });
  await openApp(page, host);

  await page.getByRole('button', { name: 'Network', exact: true }).click();
  const view = page.getByRole('main', { name: 'Network' });
  const ties = view.getByRole('list', { name: 'Visible ties' });
  const actors = view.getByRole('list', { name: 'Visible actors' });
  await expect(ties.getByRole('button')).toHaveCount(8);

  // The analyst filter: Omar's claims are the sample's seven ties; Dana has one more.
  const analyst = view.getByRole('combobox', { name: 'Analyst', exact: true });
  await analyst.selectOption('Omar');
  await expect(ties.getByRole('button')).toHaveCount(7);
  await expect(ties).not.toContainText('Hezbollah → strikes → Israel');
  await analyst.selectOption('Dana');
  await expect(ties.getByRole('button')).toHaveCount(8);
  await analyst.selectOption('');

  // Compare Dana (A) and Omar (B): the union, each tie marked in words.
  await view.getByRole('combobox', { name: 'Compare', exact: true }).selectOption('analyst');
  await expect(view.getByRole('combobox', { name: 'A (solid blue)' })).toHaveValue('Dana');
  await expect(view.getByRole('combobox', { name: 'B (dashed orange)' })).toHaveValue('Omar');
  await expect(ties.getByRole('button')).toHaveCount(8);
  await expect(ties.getByRole('button', { name: /Hezbollah → strikes → Israel/ })).toContainText('only Dana');
  await expect(ties.getByRole('button', { name: /Israel → strikes → Hezbollah/ })).toContainText('Dana and Omar (Dana 1, Omar 1)');
  await expect(view.locator('.network-legend')).toContainText('Only Omar');

  // Collapse Iran's affiliates (IRGC) into Iran: IRGC's tie now starts from Iran.
  await expect(actors.getByRole('button')).toHaveCount(10);
  await view.getByRole('checkbox', { name: /^Iran/ }).check();
  await expect(actors.getByRole('button')).toHaveCount(9);
  await expect(actors).not.toContainText('IRGC');
  await expect(actors.getByRole('button', { name: /^Iran \(with 1 affiliate\)/ })).toBeVisible();
  // A symmetric relation reads from whichever actor has the smaller id: either order.
  await expect(ties).toContainText(/Russia — coordinates militarily with — Iran|Iran — coordinates militarily with — Russia/);

  // The view as GEXF and GraphML: what is drawn, marks included.
  const read = async (download: import('@playwright/test').Download) => (await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]))).toString();
  const [gexf] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Save GEXF' }).click()]);
  expect(gexf.suggestedFilename()).toBe('network.gexf');
  const gexfText = await read(gexf);
  expect(gexfText).toContain('<gexf');
  expect(gexfText).not.toContain('label="IRGC"');
  expect(gexfText.match(/<node /g)).toHaveLength(9);
  const [graphml] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Save GraphML' }).click()]);
  const graphmlText = await read(graphml);
  expect(graphmlText.match(/<edge /g)).toHaveLength(8);
  expect(graphmlText).toContain('<data key="e_compare">a</data>');

  // The dyad timeline of Iran and the Houthis, by keyboard: Enter on the tie, Tab to Timeline, Enter, Tab to the claim, Enter.
  const tie = ties.getByRole('button', { name: /Iran → supplies weapons to → Houthis/ });
  await tie.focus();
  await page.keyboard.press('Enter');
  const evidence = view.getByRole('region', { name: 'Evidence' });
  await expect(evidence.getByRole('heading', { name: 'Iran → supplies weapons to → Houthis' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(evidence.getByRole('button', { name: 'Timeline' })).toBeFocused();
  await page.keyboard.press('Enter');
  const strip = evidence.getByRole('region', { name: 'Timeline of Iran and Houthis' });
  const mark = strip.getByRole('list', { name: 'Dated claims' }).getByRole('button');
  await expect(mark).toHaveCount(1);
  await expect(mark).toHaveAccessibleName(/^January 2024 · Iran → supplies weapons to → Houthis · reported · .+ · Dana and Omar$/);
  await page.keyboard.press('Tab');
  await expect(mark).toBeFocused();
  await page.keyboard.press('Enter');
  const reader = page.getByRole('region', { name: 'Reader' });
  await expect(reader.locator('[data-block]', { hasText: 'US forces boarded a dhow' }).first()).toBeVisible();

  // Back: compare and collapse as they were left.
  await page.getByRole('button', { name: 'Network', exact: true }).click();
  await expect(actors.getByRole('button')).toHaveCount(9);
  await expect(ties.getByRole('button', { name: /Hezbollah → strikes → Israel/ })).toContainText('only Dana');
});
