/**
 * The messy spreadsheet of issue 5, as a volunteer's Excel saves it: semicolons, a BOM, Windows
 * line ends, "Uppgift saknas" as a count, a wrong accent (Siglufjordúr), an empty row (5), a year
 * of 3024 (row 6), a count written as text (row 7) and a place no gazetteer has (row 8).
 */
export const MESSY_SHEET =
  '\uFEFFVänort;Land;Kontaktår;Medlemsantal\r\n' +
  'Herning;Danmark;1946;230\r\n' +
  'Siglufjordúr;Island;1949;30\r\n' +
  'Eiði;Färöarna;1978;Uppgift saknas\r\n' +
  ';;;\r\n' +
  'Kangasala;Finland;3024;70\r\n' +
  'Holmestrand;Norge;1947;hundra\r\n' +
  'Xyzzyby;Sverige;1990;5\r\n';
