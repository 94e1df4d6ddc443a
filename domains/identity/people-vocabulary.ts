/** Small inline word lists the identity generator composes realistic users from. */

export interface CountrySpec {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** International dialling prefix, without the plus sign. */
  dial: string;
  cities: readonly string[];
}

export const COUNTRIES: readonly CountrySpec[] = [
  { code: 'DE', dial: '49', cities: ['Berlin', 'Hamburg', 'Munich', 'Cologne'] },
  { code: 'FR', dial: '33', cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse'] },
  { code: 'GB', dial: '44', cities: ['London', 'Manchester', 'Edinburgh', 'Bristol'] },
  { code: 'NL', dial: '31', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'] },
  { code: 'BE', dial: '32', cities: ['Brussels', 'Antwerp', 'Ghent'] },
  { code: 'ES', dial: '34', cities: ['Madrid', 'Barcelona', 'Valencia', 'Seville'] },
  { code: 'IT', dial: '39', cities: ['Rome', 'Milan', 'Naples', 'Turin'] },
  { code: 'PT', dial: '351', cities: ['Lisbon', 'Porto', 'Braga'] },
  { code: 'AT', dial: '43', cities: ['Vienna', 'Graz', 'Salzburg'] },
  { code: 'CH', dial: '41', cities: ['Zurich', 'Geneva', 'Basel'] },
  { code: 'PL', dial: '48', cities: ['Warsaw', 'Krakow', 'Gdansk'] },
  { code: 'CZ', dial: '420', cities: ['Prague', 'Brno'] },
  { code: 'SE', dial: '46', cities: ['Stockholm', 'Gothenburg', 'Malmo'] },
  { code: 'NO', dial: '47', cities: ['Oslo', 'Bergen'] },
  { code: 'DK', dial: '45', cities: ['Copenhagen', 'Aarhus'] },
  { code: 'FI', dial: '358', cities: ['Helsinki', 'Tampere'] },
  { code: 'IE', dial: '353', cities: ['Dublin', 'Cork'] },
  { code: 'GR', dial: '30', cities: ['Athens', 'Thessaloniki'] },
  { code: 'US', dial: '1', cities: ['New York', 'San Francisco', 'Chicago', 'Austin', 'Seattle'] },
  { code: 'CA', dial: '1', cities: ['Toronto', 'Vancouver', 'Montreal'] },
  { code: 'MX', dial: '52', cities: ['Mexico City', 'Guadalajara', 'Monterrey'] },
  { code: 'BR', dial: '55', cities: ['Sao Paulo', 'Rio de Janeiro', 'Curitiba'] },
  { code: 'AR', dial: '54', cities: ['Buenos Aires', 'Cordoba'] },
  { code: 'JP', dial: '81', cities: ['Tokyo', 'Osaka', 'Kyoto'] },
  { code: 'KR', dial: '82', cities: ['Seoul', 'Busan'] },
  { code: 'IN', dial: '91', cities: ['Bengaluru', 'Mumbai', 'Delhi', 'Pune'] },
  { code: 'SG', dial: '65', cities: ['Singapore'] },
  { code: 'AU', dial: '61', cities: ['Sydney', 'Melbourne', 'Brisbane'] },
  { code: 'NZ', dial: '64', cities: ['Auckland', 'Wellington'] },
  { code: 'ZA', dial: '27', cities: ['Cape Town', 'Johannesburg'] },
];

export const FIRST_NAMES: readonly string[] = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Felix', 'Grace', 'Hugo', 'Ines', 'Jonas',
  'Kira', 'Liam', 'Maya', 'Noah', 'Olivia', 'Pablo', 'Quinn', 'Rosa', 'Sami', 'Tara',
  'Umar', 'Vera', 'Wei', 'Ximena', 'Yuki', 'Zoe', 'Aiko', 'Lukas', 'Sofia', 'Mateo',
  'Priya', 'Omar', 'Hana', 'Erik', 'Lea', 'Marco', 'Nina', 'Arjun', 'Chloe', 'Jan',
];

export const LAST_NAMES: readonly string[] = [
  'Schmidt', 'Martin', 'Smith', 'de Vries', 'Peeters', 'Garcia', 'Rossi', 'Silva', 'Gruber', 'Meier',
  'Nowak', 'Novak', 'Andersson', 'Hansen', 'Nielsen', 'Virtanen', 'Murphy', 'Papadopoulos', 'Johnson', 'Tremblay',
  'Hernandez', 'Santos', 'Fernandez', 'Tanaka', 'Kim', 'Sharma', 'Tan', 'Wilson', 'Taylor', 'Naidoo',
  'Müller', 'Dubois', 'Lopez', 'Bianchi', 'Costa', 'Berg', 'Kowalski', 'Sato', 'Patel', 'Brown',
];

/** Reserved example domains (RFC 2606), so no demo address can reach anyone. */
export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.org', 'example.net'];

export const TIERS = [['free', 70], ['plus', 20], ['pro', 10]] as const;
