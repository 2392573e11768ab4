import { describe, expect, it } from 'vitest';
import { chainStory, type StoryEntry } from '../../shared/history/story';

let next = 0;
const joined = (name: string, areaCode: string, year: number | null, membership = `m${next++}`): StoryEntry => ({
  id: `${membership}:joined`,
  kind: 'joined',
  year: year ?? 0,
  title: name,
  placeName: name,
  areaCode,
});
const left = (name: string, areaCode: string, year: number, membership: string): StoryEntry => ({
  id: `${membership}:left`,
  kind: 'left',
  year,
  title: name,
  placeName: name,
  areaCode,
});
const event = (title: string, year: number): StoryEntry => ({
  id: `e${next++}`,
  kind: 'event',
  year,
  title,
  placeName: null,
  areaCode: null,
});

/** The demo chain's timeline (FACTS.md), in the order the timeline lists it. */
const demo: StoryEntry[] = [
  event('Föreningen Norden Vänersborg grundas', 1945),
  joined('Vänersborg', 'SE', 1946),
  joined('Herning', 'DK', 1946),
  joined('Holmestrand', 'NO', 1947),
  joined('Utajärvi', 'FI', 1948, 'utajarvi'),
  joined('Siglufjörður', 'IS', 1949),
  left('Utajärvi', 'FI', 1976, 'utajarvi'),
  joined('Kangasala', 'FI', 1977),
  joined('15 landkommuner', 'AX', 1977),
  joined('Eiði', 'FO', 1978),
  joined('Arsuk', 'GL', 1987),
  joined('Husby', 'DE-SYD', 1988),
  event('Herning Kommune lämnar vänortsarbetet till lokalavdelningen', 2007),
  { id: 'meeting', kind: 'meeting', year: 2013, title: 'Årsmöte', placeName: 'Åland', areaCode: null },
];

describe("the chain's story", () => {
  it('has a chapter for each year something happened, from the first year to the last, and one for the last', () => {
    const story = chainStory(demo, 1946, 2013);
    expect(story.map((chapter) => chapter.year)).toEqual([1946, 1947, 1948, 1949, 1976, 1977, 1978, 1987, 1988, 2007, 2013]);
    expect(story[0]).toEqual({ year: 1946, joined: ['Vänersborg', 'Herning'], left: [], events: [], allNordicNow: null });
    expect(story.find((chapter) => chapter.year === 1976)).toMatchObject({ joined: [], left: ['Utajärvi'] });
    expect(story.find((chapter) => chapter.year === 2007)?.events).toEqual([
      'Herning Kommune lämnar vänortsarbetet till lokalavdelningen',
    ]);
    // The state the story ends on; a meeting is not a chapter of its own (the rotation has its step).
    expect(story.at(-1)).toEqual({ year: 2013, joined: [], left: [], events: [], allNordicNow: null });
  });

  it('says when the five Nordic countries are all members: first in 1949, again in 1977 after Utajärvi left', () => {
    const story = chainStory(demo, 1946, 2013);
    expect(story.filter((chapter) => chapter.allNordicNow).map((chapter) => [chapter.year, chapter.allNordicNow])).toEqual([
      [1949, 'first'],
      [1977, 'again'],
    ]);
  });

  it('counts a member whose year is not known from the start, and leaves out what is outside the years told', () => {
    const story = chainStory(
      [
        joined('Reykjavík', 'IS', null),
        joined('Oslo', 'NO', 1950),
        joined('Helsingfors', 'FI', 1950),
        joined('Köpenhamn', 'DK', 1951),
        joined('Stockholm', 'SE', 1960),
        event('Later', 1990),
      ],
      1951,
      1980,
    );
    expect(story.map((chapter) => [chapter.year, chapter.joined, chapter.allNordicNow])).toEqual([
      [1951, ['Köpenhamn'], null],
      [1960, ['Stockholm'], 'first'],
      [1980, [], null],
    ]);
  });
});
