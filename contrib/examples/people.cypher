// people.cypher: an example graph for graphd: 240 people, 18 companies and
// 12 cities; KNOWS, WORKS_AT and LIVES_IN relationships with properties.
// Load it with:  graphctl query -f contrib/examples/people.cypher
// (or pipe it into graphctl shell). Generated once with a fixed seed;
// every statement ends with ';' and is small enough to apply quickly.

// Indexes first, so that the MATCHes below find their nodes by name.
CREATE INDEX FOR (p:Person) ON (p.name);
CREATE INDEX FOR (c:Company) ON (c.name);
CREATE INDEX FOR (c:City) ON (c.name);

// Cities
CREATE (:City {name: 'Oslo', country: 'Norway', population: 709000});
CREATE (:City {name: 'Berlin', country: 'Germany', population: 3645000});
CREATE (:City {name: 'Lisbon', country: 'Portugal', population: 545000});
CREATE (:City {name: 'Kyoto', country: 'Japan', population: 1464000});
CREATE (:City {name: 'Toronto', country: 'Canada', population: 2794000});
CREATE (:City {name: 'Nairobi', country: 'Kenya', population: 4397000});
CREATE (:City {name: 'Lima', country: 'Peru', population: 9751000});
CREATE (:City {name: 'Austin', country: 'USA', population: 961000});
CREATE (:City {name: 'Tallinn', country: 'Estonia', population: 438000});
CREATE (:City {name: 'Melbourne', country: 'Australia', population: 5078000});
CREATE (:City {name: 'Bangalore', country: 'India', population: 8443000});
CREATE (:City {name: 'Edinburgh', country: 'UK', population: 527000});

// Companies, each with its headquarters
MATCH (t:City {name: 'Oslo'}) CREATE (:Company {name: 'Acme Graphs', founded: 2011, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Berlin'}) CREATE (:Company {name: 'Borealis Data', founded: 2003, sector: 'networking'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Lisbon'}) CREATE (:Company {name: 'Cobalt Systems', founded: 2019, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Kyoto'}) CREATE (:Company {name: 'Dunlin Labs', founded: 2021, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Toronto'}) CREATE (:Company {name: 'Ember Networks', founded: 2019, sector: 'games'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Nairobi'}) CREATE (:Company {name: 'Fjord Analytics', founded: 1992, sector: 'compilers'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Lima'}) CREATE (:Company {name: 'Gannet Robotics', founded: 1999, sector: 'networking'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Austin'}) CREATE (:Company {name: 'Heron Security', founded: 1995, sector: 'compilers'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Tallinn'}) CREATE (:Company {name: 'Ibis Games', founded: 1994, sector: 'networking'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Melbourne'}) CREATE (:Company {name: 'Jacana Finance', founded: 1983, sector: 'robotics'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Bangalore'}) CREATE (:Company {name: 'Kestrel Search', founded: 2006, sector: 'search'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Edinburgh'}) CREATE (:Company {name: 'Lapwing Compilers', founded: 1993, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Oslo'}) CREATE (:Company {name: 'Merlin Cloud', founded: 1979, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Berlin'}) CREATE (:Company {name: 'Nightjar Media', founded: 1976, sector: 'compilers'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Lisbon'}) CREATE (:Company {name: 'Osprey Health', founded: 1978, sector: 'networking'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Kyoto'}) CREATE (:Company {name: 'Puffin Retail', founded: 1997, sector: 'games'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Toronto'}) CREATE (:Company {name: 'Quail Energy', founded: 1991, sector: 'databases'})-[:HEADQUARTERED_IN]->(t);
MATCH (t:City {name: 'Nairobi'}) CREATE (:Company {name: 'Rook Logistics', founded: 1989, sector: 'games'})-[:HEADQUARTERED_IN]->(t);

// People, ten per statement
CREATE (:Person {name: 'Ivan Milner', born: 1958, email: 'ivan.milner@example.org'}),
       (:Person {name: 'Radia Goldberg', born: 1973, email: 'radia.goldberg@example.org'}),
       (:Person {name: 'Joan Sutherland', born: 1962, email: 'joan.sutherland@example.org'}),
       (:Person {name: 'Jean Liskov', born: 1971, email: 'jean.liskov@example.org'}),
       (:Person {name: 'Radia Shannon', born: 1972, email: 'radia.shannon@example.org'}),
       (:Person {name: 'Bjarne Clarke', born: 1950, email: 'bjarne.clarke@example.org'}),
       (:Person {name: 'Karen Jones', born: 1960, email: 'karen.jones@example.org'}),
       (:Person {name: 'Radia Nygaard', born: 1987, email: 'radia.nygaard@example.org'}),
       (:Person {name: 'John Milner', born: 1989, email: 'john.milner@example.org'}),
       (:Person {name: 'Dennis Dahl', born: 2002, email: 'dennis.dahl@example.org'});
CREATE (:Person {name: 'Cynthia Rossum', born: 1960, email: 'cynthia.rossum@example.org'}),
       (:Person {name: 'Robin Sammet', born: 1996, email: 'robin.sammet@example.org'}),
       (:Person {name: 'Ada Lovelace', born: 1956, email: 'ada.lovelace@example.org'}),
       (:Person {name: 'Ken Ritchie', born: 1967, email: 'ken.ritchie@example.org'}),
       (:Person {name: 'Cynthia Goldberg', born: 1983, email: 'cynthia.goldberg@example.org'}),
       (:Person {name: 'Ivan Thompson', born: 1988, email: 'ivan.thompson@example.org'}),
       (:Person {name: 'Tony Johnson', born: 1960, email: 'tony.johnson@example.org'}),
       (:Person {name: 'Dennis Nygaard', born: 1990, email: 'dennis.nygaard@example.org'}),
       (:Person {name: 'Karen Dwork', born: 1995, email: 'karen.dwork@example.org'}),
       (:Person {name: 'Dennis Thompson', born: 1959, email: 'dennis.thompson@example.org'});
CREATE (:Person {name: 'Linus Rossum', born: 1978, email: 'linus.rossum@example.org'}),
       (:Person {name: 'Jean Lamarr', born: 1998, email: 'jean.lamarr@example.org'}),
       (:Person {name: 'Ken Backus', born: 1977, email: 'ken.backus@example.org'}),
       (:Person {name: 'Shafi Thompson', born: 2000, email: 'shafi.thompson@example.org'}),
       (:Person {name: 'Claude Rossum', born: 1977, email: 'claude.rossum@example.org'}),
       (:Person {name: 'Kristen Lamport', born: 1957, email: 'kristen.lamport@example.org'}),
       (:Person {name: 'Ada Johnson', born: 1971, email: 'ada.johnson@example.org'}),
       (:Person {name: 'Anita Milner', born: 1970, email: 'anita.milner@example.org'}),
       (:Person {name: 'Edgar Hopper', born: 1978, email: 'edgar.hopper@example.org'}),
       (:Person {name: 'Katherine Wilson', born: 1964, email: 'katherine.wilson@example.org'});
CREATE (:Person {name: 'Margaret Turing', born: 1979, email: 'margaret.turing@example.org'}),
       (:Person {name: 'Lynn Clarke', born: 1988, email: 'lynn.clarke@example.org'}),
       (:Person {name: 'Ole Backus', born: 1977, email: 'ole.backus@example.org'}),
       (:Person {name: 'Ole Clarke', born: 1960, email: 'ole.clarke@example.org'}),
       (:Person {name: 'Jean Keller', born: 1978, email: 'jean.keller@example.org'}),
       (:Person {name: 'Katherine Turing', born: 1953, email: 'katherine.turing@example.org'}),
       (:Person {name: 'Cynthia Lovelace', born: 1999, email: 'cynthia.lovelace@example.org'}),
       (:Person {name: 'Grace Lamarr', born: 1992, email: 'grace.lamarr@example.org'}),
       (:Person {name: 'Tim Liskov', born: 1960, email: 'tim.liskov@example.org'}),
       (:Person {name: 'Anita Allen', born: 1984, email: 'anita.allen@example.org'});
CREATE (:Person {name: 'Frances Jones', born: 1980, email: 'frances.jones@example.org'}),
       (:Person {name: 'Barbara Dwork', born: 1981, email: 'barbara.dwork@example.org'}),
       (:Person {name: 'Margaret Hopper', born: 1988, email: 'margaret.hopper@example.org'}),
       (:Person {name: 'Mary Berners', born: 1950, email: 'mary.berners@example.org'}),
       (:Person {name: 'Margaret Lamarr', born: 1956, email: 'margaret.lamarr@example.org'}),
       (:Person {name: 'Claude Jones', born: 1958, email: 'claude.jones@example.org'}),
       (:Person {name: 'Edgar Lamarr', born: 2002, email: 'edgar.lamarr@example.org'}),
       (:Person {name: 'John Wilson', born: 1976, email: 'john.wilson@example.org'}),
       (:Person {name: 'Bjarne Rossum', born: 1993, email: 'bjarne.rossum@example.org'}),
       (:Person {name: 'Joan Hamilton', born: 1953, email: 'joan.hamilton@example.org'});
CREATE (:Person {name: 'Hedy Jones', born: 1963, email: 'hedy.jones@example.org'}),
       (:Person {name: 'Kristen Perlman', born: 1950, email: 'kristen.perlman@example.org'}),
       (:Person {name: 'Tim Borg', born: 1952, email: 'tim.borg@example.org'}),
       (:Person {name: 'Ada Goldberg', born: 1986, email: 'ada.goldberg@example.org'}),
       (:Person {name: 'Margaret Lovelace', born: 1965, email: 'margaret.lovelace@example.org'}),
       (:Person {name: 'Edgar Borg', born: 1980, email: 'edgar.borg@example.org'}),
       (:Person {name: 'Ole Codd', born: 1995, email: 'ole.codd@example.org'}),
       (:Person {name: 'Tim Perlman', born: 1972, email: 'tim.perlman@example.org'}),
       (:Person {name: 'Shafi Clarke', born: 1975, email: 'shafi.clarke@example.org'}),
       (:Person {name: 'Linus Conway', born: 1979, email: 'linus.conway@example.org'});
CREATE (:Person {name: 'Linus Keller', born: 1963, email: 'linus.keller@example.org'}),
       (:Person {name: 'Donald Dahl', born: 1962, email: 'donald.dahl@example.org'}),
       (:Person {name: 'Radia Jones', born: 1967, email: 'radia.jones@example.org'}),
       (:Person {name: 'Sophie Perlman', born: 2002, email: 'sophie.perlman@example.org'}),
       (:Person {name: 'Yukihiro Ritchie', born: 1962, email: 'yukihiro.ritchie@example.org'}),
       (:Person {name: 'Linus Thompson', born: 1969, email: 'linus.thompson@example.org'}),
       (:Person {name: 'Robin Keller', born: 1985, email: 'robin.keller@example.org'}),
       (:Person {name: 'Tony Perlman', born: 1983, email: 'tony.perlman@example.org'}),
       (:Person {name: 'Edgar Jones', born: 1972, email: 'edgar.jones@example.org'}),
       (:Person {name: 'Leslie Lovelace', born: 1998, email: 'leslie.lovelace@example.org'});
CREATE (:Person {name: 'Katherine Rossum', born: 1998, email: 'katherine.rossum@example.org'}),
       (:Person {name: 'Leslie Sutherland', born: 2000, email: 'leslie.sutherland@example.org'}),
       (:Person {name: 'Lynn Dahl', born: 1965, email: 'lynn.dahl@example.org'}),
       (:Person {name: 'Tony Ritchie', born: 1973, email: 'tony.ritchie@example.org'}),
       (:Person {name: 'Ivan Dwork', born: 1972, email: 'ivan.dwork@example.org'}),
       (:Person {name: 'Kristen Milner', born: 2001, email: 'kristen.milner@example.org'}),
       (:Person {name: 'Kristen Backus', born: 1965, email: 'kristen.backus@example.org'}),
       (:Person {name: 'Ivan Sammet', born: 2002, email: 'ivan.sammet@example.org'}),
       (:Person {name: 'Ivan Liskov', born: 1992, email: 'ivan.liskov@example.org'}),
       (:Person {name: 'Claude Hopper', born: 2003, email: 'claude.hopper@example.org'});
CREATE (:Person {name: 'Grace Shannon', born: 1953, email: 'grace.shannon@example.org'}),
       (:Person {name: 'Ivan Shannon', born: 1989, email: 'ivan.shannon@example.org'}),
       (:Person {name: 'Mary Keller', born: 1981, email: 'mary.keller@example.org'}),
       (:Person {name: 'Edgar Backus', born: 1975, email: 'edgar.backus@example.org'}),
       (:Person {name: 'Ole Knuth', born: 1972, email: 'ole.knuth@example.org'}),
       (:Person {name: 'Jean Nygaard', born: 1959, email: 'jean.nygaard@example.org'}),
       (:Person {name: 'Bjarne Wilson', born: 1959, email: 'bjarne.wilson@example.org'}),
       (:Person {name: 'Ivan Lovelace', born: 2003, email: 'ivan.lovelace@example.org'}),
       (:Person {name: 'Katherine Liskov', born: 1965, email: 'katherine.liskov@example.org'}),
       (:Person {name: 'Leslie Jones', born: 1981, email: 'leslie.jones@example.org'});
CREATE (:Person {name: 'Alan Milner', born: 1974, email: 'alan.milner@example.org'}),
       (:Person {name: 'Donald Thompson', born: 1952, email: 'donald.thompson@example.org'}),
       (:Person {name: 'Karen Borg', born: 1956, email: 'karen.borg@example.org'}),
       (:Person {name: 'Niklaus Perlman', born: 1960, email: 'niklaus.perlman@example.org'}),
       (:Person {name: 'Leslie Borg', born: 1975, email: 'leslie.borg@example.org'}),
       (:Person {name: 'Alan Sammet', born: 1956, email: 'alan.sammet@example.org'}),
       (:Person {name: 'Cynthia Matsumoto', born: 1998, email: 'cynthia.matsumoto@example.org'}),
       (:Person {name: 'Edsger Codd', born: 1995, email: 'edsger.codd@example.org'}),
       (:Person {name: 'Edgar Hamilton', born: 1968, email: 'edgar.hamilton@example.org'}),
       (:Person {name: 'Edgar Shannon', born: 1962, email: 'edgar.shannon@example.org'});
CREATE (:Person {name: 'Ada Shannon', born: 2000, email: 'ada.shannon@example.org'}),
       (:Person {name: 'Joan Clarke', born: 2001, email: 'joan.clarke@example.org'}),
       (:Person {name: 'Tony Keller', born: 1998, email: 'tony.keller@example.org'}),
       (:Person {name: 'Dennis Matsumoto', born: 1970, email: 'dennis.matsumoto@example.org'}),
       (:Person {name: 'Guido Conway', born: 1980, email: 'guido.conway@example.org'}),
       (:Person {name: 'Kristen Borg', born: 1993, email: 'kristen.borg@example.org'}),
       (:Person {name: 'Tony Torvalds', born: 1980, email: 'tony.torvalds@example.org'}),
       (:Person {name: 'Adele Thompson', born: 1984, email: 'adele.thompson@example.org'}),
       (:Person {name: 'John Hoare', born: 1989, email: 'john.hoare@example.org'}),
       (:Person {name: 'Sophie Dahl', born: 1955, email: 'sophie.dahl@example.org'});
CREATE (:Person {name: 'Robin Nygaard', born: 2001, email: 'robin.nygaard@example.org'}),
       (:Person {name: 'Karen Allen', born: 1962, email: 'karen.allen@example.org'}),
       (:Person {name: 'Ole Johnson', born: 1974, email: 'ole.johnson@example.org'}),
       (:Person {name: 'Frances Borg', born: 1994, email: 'frances.borg@example.org'}),
       (:Person {name: 'Whitfield Dwork', born: 1950, email: 'whitfield.dwork@example.org'}),
       (:Person {name: 'Kristen Johnson', born: 1956, email: 'kristen.johnson@example.org'}),
       (:Person {name: 'Bjarne Perlman', born: 1982, email: 'bjarne.perlman@example.org'}),
       (:Person {name: 'Guido Borg', born: 1988, email: 'guido.borg@example.org'}),
       (:Person {name: 'Bjarne Allen', born: 1987, email: 'bjarne.allen@example.org'}),
       (:Person {name: 'Ken Wilson', born: 1989, email: 'ken.wilson@example.org'});
CREATE (:Person {name: 'Ivan Berners', born: 1961, email: 'ivan.berners@example.org'}),
       (:Person {name: 'Karen Sammet', born: 2002, email: 'karen.sammet@example.org'}),
       (:Person {name: 'Katherine Goldwasser', born: 1974, email: 'katherine.goldwasser@example.org'}),
       (:Person {name: 'Robin Conway', born: 1951, email: 'robin.conway@example.org'}),
       (:Person {name: 'Karen Nygaard', born: 1970, email: 'karen.nygaard@example.org'}),
       (:Person {name: 'Katherine Sammet', born: 1993, email: 'katherine.sammet@example.org'}),
       (:Person {name: 'Claude Minsky', born: 1951, email: 'claude.minsky@example.org'}),
       (:Person {name: 'Radia Goldwasser', born: 1989, email: 'radia.goldwasser@example.org'}),
       (:Person {name: 'Lynn Nygaard', born: 1969, email: 'lynn.nygaard@example.org'}),
       (:Person {name: 'Niklaus Hamilton', born: 1982, email: 'niklaus.hamilton@example.org'});
CREATE (:Person {name: 'Frances Matsumoto', born: 1974, email: 'frances.matsumoto@example.org'}),
       (:Person {name: 'Guido Thompson', born: 1982, email: 'guido.thompson@example.org'}),
       (:Person {name: 'Ivan Hopper', born: 1980, email: 'ivan.hopper@example.org'}),
       (:Person {name: 'Barbara Milner', born: 1984, email: 'barbara.milner@example.org'}),
       (:Person {name: 'Donald Goldwasser', born: 1995, email: 'donald.goldwasser@example.org'}),
       (:Person {name: 'Adele Lamarr', born: 1994, email: 'adele.lamarr@example.org'}),
       (:Person {name: 'Niklaus Berners', born: 1975, email: 'niklaus.berners@example.org'}),
       (:Person {name: 'Kristen Wirth', born: 1978, email: 'kristen.wirth@example.org'}),
       (:Person {name: 'Shafi Sutherland', born: 2000, email: 'shafi.sutherland@example.org'}),
       (:Person {name: 'Donald Liskov', born: 2002, email: 'donald.liskov@example.org'});
CREATE (:Person {name: 'Ole Jones', born: 1987, email: 'ole.jones@example.org'}),
       (:Person {name: 'Shafi Torvalds', born: 1994, email: 'shafi.torvalds@example.org'}),
       (:Person {name: 'Grace Perlman', born: 1985, email: 'grace.perlman@example.org'}),
       (:Person {name: 'Bjarne Turing', born: 1992, email: 'bjarne.turing@example.org'}),
       (:Person {name: 'Marvin Keller', born: 1953, email: 'marvin.keller@example.org'}),
       (:Person {name: 'Linus Goldwasser', born: 1984, email: 'linus.goldwasser@example.org'}),
       (:Person {name: 'Joan Dwork', born: 1959, email: 'joan.dwork@example.org'}),
       (:Person {name: 'Ada Wirth', born: 2001, email: 'ada.wirth@example.org'}),
       (:Person {name: 'Anita Berners', born: 1976, email: 'anita.berners@example.org'}),
       (:Person {name: 'Grace Goldwasser', born: 1973, email: 'grace.goldwasser@example.org'});
CREATE (:Person {name: 'Guido Wilson', born: 1987, email: 'guido.wilson@example.org'}),
       (:Person {name: 'Guido Hopper', born: 1951, email: 'guido.hopper@example.org'}),
       (:Person {name: 'Leslie Hamilton', born: 1993, email: 'leslie.hamilton@example.org'}),
       (:Person {name: 'Marvin Nygaard', born: 1999, email: 'marvin.nygaard@example.org'}),
       (:Person {name: 'Ole Dwork', born: 1983, email: 'ole.dwork@example.org'}),
       (:Person {name: 'Yukihiro Johnson', born: 1963, email: 'yukihiro.johnson@example.org'}),
       (:Person {name: 'Edsger Goldwasser', born: 1968, email: 'edsger.goldwasser@example.org'}),
       (:Person {name: 'Cynthia Borg', born: 1968, email: 'cynthia.borg@example.org'}),
       (:Person {name: 'Edsger Backus', born: 1954, email: 'edsger.backus@example.org'}),
       (:Person {name: 'Bjarne Shannon', born: 1951, email: 'bjarne.shannon@example.org'});
CREATE (:Person {name: 'Edgar Conway', born: 1955, email: 'edgar.conway@example.org'}),
       (:Person {name: 'Ken Diffie', born: 1999, email: 'ken.diffie@example.org'}),
       (:Person {name: 'Whitfield Liskov', born: 1972, email: 'whitfield.liskov@example.org'}),
       (:Person {name: 'Margaret Minsky', born: 1989, email: 'margaret.minsky@example.org'}),
       (:Person {name: 'Tim Stroustrup', born: 1987, email: 'tim.stroustrup@example.org'}),
       (:Person {name: 'Hedy Dijkstra', born: 1998, email: 'hedy.dijkstra@example.org'}),
       (:Person {name: 'Anita Minsky', born: 1995, email: 'anita.minsky@example.org'}),
       (:Person {name: 'Claude Wilson', born: 1976, email: 'claude.wilson@example.org'}),
       (:Person {name: 'Linus Sammet', born: 1969, email: 'linus.sammet@example.org'}),
       (:Person {name: 'Claude Turing', born: 1950, email: 'claude.turing@example.org'});
CREATE (:Person {name: 'Dennis Diffie', born: 1967, email: 'dennis.diffie@example.org'}),
       (:Person {name: 'Bjarne Lovelace', born: 1995, email: 'bjarne.lovelace@example.org'}),
       (:Person {name: 'Joan Lovelace', born: 1965, email: 'joan.lovelace@example.org'}),
       (:Person {name: 'Joan Matsumoto', born: 1954, email: 'joan.matsumoto@example.org'}),
       (:Person {name: 'Grace Milner', born: 1952, email: 'grace.milner@example.org'}),
       (:Person {name: 'Tim Knuth', born: 1998, email: 'tim.knuth@example.org'}),
       (:Person {name: 'Leslie Ritchie', born: 1955, email: 'leslie.ritchie@example.org'}),
       (:Person {name: 'Edsger Liskov', born: 1992, email: 'edsger.liskov@example.org'}),
       (:Person {name: 'Joan Minsky', born: 1969, email: 'joan.minsky@example.org'}),
       (:Person {name: 'Whitfield Knuth', born: 1972, email: 'whitfield.knuth@example.org'});
CREATE (:Person {name: 'Ada Dahl', born: 1994, email: 'ada.dahl@example.org'}),
       (:Person {name: 'Shafi Goldwasser', born: 2001, email: 'shafi.goldwasser@example.org'}),
       (:Person {name: 'Linus Turing', born: 2003, email: 'linus.turing@example.org'}),
       (:Person {name: 'John Lamarr', born: 1997, email: 'john.lamarr@example.org'}),
       (:Person {name: 'Tim Torvalds', born: 1988, email: 'tim.torvalds@example.org'}),
       (:Person {name: 'Alan Hamilton', born: 1989, email: 'alan.hamilton@example.org'}),
       (:Person {name: 'Dennis Dijkstra', born: 1985, email: 'dennis.dijkstra@example.org'}),
       (:Person {name: 'Dennis Liskov', born: 1963, email: 'dennis.liskov@example.org'}),
       (:Person {name: 'Dennis Backus', born: 1980, email: 'dennis.backus@example.org'}),
       (:Person {name: 'Alan Berners', born: 1983, email: 'alan.berners@example.org'});
CREATE (:Person {name: 'Radia Dijkstra', born: 1955, email: 'radia.dijkstra@example.org'}),
       (:Person {name: 'Bjarne Keller', born: 1957, email: 'bjarne.keller@example.org'}),
       (:Person {name: 'Anita Knuth', born: 1965, email: 'anita.knuth@example.org'}),
       (:Person {name: 'Ivan Goldwasser', born: 1971, email: 'ivan.goldwasser@example.org'}),
       (:Person {name: 'Cynthia Sutherland', born: 2000, email: 'cynthia.sutherland@example.org'}),
       (:Person {name: 'Niklaus Lamarr', born: 1984, email: 'niklaus.lamarr@example.org'}),
       (:Person {name: 'Dennis Shannon', born: 1977, email: 'dennis.shannon@example.org'}),
       (:Person {name: 'Kristen Goldberg', born: 1975, email: 'kristen.goldberg@example.org'}),
       (:Person {name: 'Kristen Rossum', born: 1950, email: 'kristen.rossum@example.org'}),
       (:Person {name: 'Alan Borg', born: 1992, email: 'alan.borg@example.org'});
CREATE (:Person {name: 'Karen Perlman', born: 1974, email: 'karen.perlman@example.org'}),
       (:Person {name: 'Guido Shannon', born: 1974, email: 'guido.shannon@example.org'}),
       (:Person {name: 'Jean Clarke', born: 1961, email: 'jean.clarke@example.org'}),
       (:Person {name: 'Linus Clarke', born: 1998, email: 'linus.clarke@example.org'}),
       (:Person {name: 'Edsger Hopper', born: 1991, email: 'edsger.hopper@example.org'}),
       (:Person {name: 'Linus Lamarr', born: 1983, email: 'linus.lamarr@example.org'}),
       (:Person {name: 'Guido Rossum', born: 1963, email: 'guido.rossum@example.org'}),
       (:Person {name: 'Yukihiro Turing', born: 1993, email: 'yukihiro.turing@example.org'}),
       (:Person {name: 'Claude Matsumoto', born: 1989, email: 'claude.matsumoto@example.org'}),
       (:Person {name: 'Sophie Shannon', born: 1970, email: 'sophie.shannon@example.org'});
CREATE (:Person {name: 'Yukihiro Thompson', born: 1974, email: 'yukihiro.thompson@example.org'}),
       (:Person {name: 'Whitfield Diffie', born: 1970, email: 'whitfield.diffie@example.org'}),
       (:Person {name: 'Guido Matsumoto', born: 1956, email: 'guido.matsumoto@example.org'}),
       (:Person {name: 'Margaret Rossum', born: 2003, email: 'margaret.rossum@example.org'}),
       (:Person {name: 'Leslie Milner', born: 1994, email: 'leslie.milner@example.org'}),
       (:Person {name: 'Grace Stroustrup', born: 1985, email: 'grace.stroustrup@example.org'}),
       (:Person {name: 'Edsger Hamilton', born: 1994, email: 'edsger.hamilton@example.org'}),
       (:Person {name: 'Donald Keller', born: 1995, email: 'donald.keller@example.org'}),
       (:Person {name: 'Shafi Stroustrup', born: 1973, email: 'shafi.stroustrup@example.org'}),
       (:Person {name: 'Guido Milner', born: 1965, email: 'guido.milner@example.org'});
CREATE (:Person {name: 'Hedy Johnson', born: 1956, email: 'hedy.johnson@example.org'}),
       (:Person {name: 'Leslie Rossum', born: 1963, email: 'leslie.rossum@example.org'}),
       (:Person {name: 'Margaret Nygaard', born: 1968, email: 'margaret.nygaard@example.org'}),
       (:Person {name: 'Claude Milner', born: 1969, email: 'claude.milner@example.org'}),
       (:Person {name: 'Dennis Ritchie', born: 2001, email: 'dennis.ritchie@example.org'}),
       (:Person {name: 'Shafi Allen', born: 1967, email: 'shafi.allen@example.org'}),
       (:Person {name: 'John Nygaard', born: 2001, email: 'john.nygaard@example.org'}),
       (:Person {name: 'Lynn Berners', born: 1989, email: 'lynn.berners@example.org'}),
       (:Person {name: 'Barbara Torvalds', born: 1954, email: 'barbara.torvalds@example.org'}),
       (:Person {name: 'Bjarne Thompson', born: 1960, email: 'bjarne.thompson@example.org'});
CREATE (:Person {name: 'Niklaus Wirth', born: 1954, email: 'niklaus.wirth@example.org'}),
       (:Person {name: 'Donald Backus', born: 1990, email: 'donald.backus@example.org'}),
       (:Person {name: 'Radia Keller', born: 1976, email: 'radia.keller@example.org'}),
       (:Person {name: 'Margaret Hamilton', born: 1999, email: 'margaret.hamilton@example.org'}),
       (:Person {name: 'Jean Allen', born: 1961, email: 'jean.allen@example.org'}),
       (:Person {name: 'Claude Shannon', born: 1964, email: 'claude.shannon@example.org'}),
       (:Person {name: 'Sophie Codd', born: 1991, email: 'sophie.codd@example.org'}),
       (:Person {name: 'Alan Wilson', born: 1954, email: 'alan.wilson@example.org'}),
       (:Person {name: 'Hedy Keller', born: 1986, email: 'hedy.keller@example.org'}),
       (:Person {name: 'Mary Dahl', born: 1986, email: 'mary.dahl@example.org'});

// Where everyone lives and works
MATCH (p:Person {name: 'Ivan Milner'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Radia Goldberg'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2023}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Joan Sutherland'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Jean Liskov'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Radia Shannon'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2001}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Bjarne Clarke'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Karen Jones'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Radia Nygaard'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'John Milner'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2020}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Dennis Dahl'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2021, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Cynthia Rossum'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 2013}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Robin Sammet'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ada Lovelace'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Ken Ritchie'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Cynthia Goldberg'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Thompson'}), (t:City {name: 'Lima'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tony Johnson'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Dennis Nygaard'}), (t:City {name: 'Lima'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Karen Dwork'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1997}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Dennis Thompson'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Linus Rossum'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Jean Lamarr'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'director'}]->(c);
MATCH (p:Person {name: 'Ken Backus'}), (t:City {name: 'Lima'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Shafi Thompson'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Claude Rossum'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2001}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'director'}]->(c);
MATCH (p:Person {name: 'Kristen Lamport'}), (t:City {name: 'Lima'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Ada Johnson'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Anita Milner'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Edgar Hopper'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Katherine Wilson'}), (t:City {name: 'Austin'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2023}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Margaret Turing'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Lynn Clarke'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Ole Backus'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Ole Clarke'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Jean Keller'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Katherine Turing'}), (t:City {name: 'Lima'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Cynthia Lovelace'}), (t:City {name: 'Lima'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Grace Lamarr'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1997}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tim Liskov'}), (t:City {name: 'Austin'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Anita Allen'}), (t:City {name: 'Lima'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Frances Jones'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Barbara Dwork'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Margaret Hopper'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Mary Berners'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Margaret Lamarr'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Claude Jones'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2015}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Edgar Lamarr'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'John Wilson'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'director'}]->(c);
MATCH (p:Person {name: 'Bjarne Rossum'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Joan Hamilton'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Hedy Jones'}), (t:City {name: 'Lima'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Kristen Perlman'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 1992}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Tim Borg'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Ada Goldberg'}), (t:City {name: 'Austin'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 1997}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Margaret Lovelace'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Edgar Borg'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Ole Codd'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tim Perlman'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2013}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Shafi Clarke'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Linus Conway'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Linus Keller'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Donald Dahl'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Radia Jones'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Sophie Perlman'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2012, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Yukihiro Ritchie'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Linus Thompson'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Robin Keller'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tony Perlman'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 1992}]->(t), (p)-[:WORKS_AT {since: 2021, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edgar Jones'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'director'}]->(c);
MATCH (p:Person {name: 'Leslie Lovelace'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'director'}]->(c);
MATCH (p:Person {name: 'Katherine Rossum'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Leslie Sutherland'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Lynn Dahl'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Tony Ritchie'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Ivan Dwork'}), (t:City {name: 'Austin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Kristen Milner'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Kristen Backus'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Sammet'}), (t:City {name: 'Austin'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Liskov'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2023}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Claude Hopper'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Grace Shannon'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Shannon'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'director'}]->(c);
MATCH (p:Person {name: 'Mary Keller'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edgar Backus'}), (t:City {name: 'Lima'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Ole Knuth'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Jean Nygaard'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Bjarne Wilson'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Lovelace'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2001}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Katherine Liskov'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Leslie Jones'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Alan Milner'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Donald Thompson'}), (t:City {name: 'Lima'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Karen Borg'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Niklaus Perlman'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Leslie Borg'}), (t:City {name: 'Lima'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2024}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Alan Sammet'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2021, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Cynthia Matsumoto'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edsger Codd'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2024}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edgar Hamilton'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2017}]->(t), (p)-[:WORKS_AT {since: 2012, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edgar Shannon'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Ada Shannon'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Joan Clarke'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'director'}]->(c);
MATCH (p:Person {name: 'Tony Keller'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Dennis Matsumoto'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Guido Conway'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Kristen Borg'}), (t:City {name: 'Austin'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tony Torvalds'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Adele Thompson'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'John Hoare'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Sophie Dahl'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Robin Nygaard'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'director'}]->(c);
MATCH (p:Person {name: 'Karen Allen'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ole Johnson'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'director'}]->(c);
MATCH (p:Person {name: 'Frances Borg'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Whitfield Dwork'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Kristen Johnson'}), (t:City {name: 'Lima'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Bjarne Perlman'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1992}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Guido Borg'}), (t:City {name: 'Austin'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Bjarne Allen'}), (t:City {name: 'Lima'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2023}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'director'}]->(c);
MATCH (p:Person {name: 'Ken Wilson'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Berners'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Karen Sammet'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Katherine Goldwasser'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'director'}]->(c);
MATCH (p:Person {name: 'Robin Conway'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Karen Nygaard'}), (t:City {name: 'Lima'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Katherine Sammet'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'director'}]->(c);
MATCH (p:Person {name: 'Claude Minsky'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Radia Goldwasser'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Lynn Nygaard'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Niklaus Hamilton'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2000, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Frances Matsumoto'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Guido Thompson'}), (t:City {name: 'Austin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Hopper'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Barbara Milner'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Donald Goldwasser'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'director'}]->(c);
MATCH (p:Person {name: 'Adele Lamarr'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Niklaus Berners'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Kristen Wirth'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2012, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Shafi Sutherland'}), (t:City {name: 'Lima'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Donald Liskov'}), (t:City {name: 'Austin'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1991}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Ole Jones'}), (t:City {name: 'Austin'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Shafi Torvalds'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'director'}]->(c);
MATCH (p:Person {name: 'Grace Perlman'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Bjarne Turing'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 1992}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Marvin Keller'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Linus Goldwasser'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 2008}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Joan Dwork'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2017}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ada Wirth'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Anita Berners'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Grace Goldwasser'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2013}]->(t), (p)-[:WORKS_AT {since: 2023, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Guido Wilson'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2024}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Guido Hopper'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Leslie Hamilton'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'director'}]->(c);
MATCH (p:Person {name: 'Marvin Nygaard'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ole Dwork'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Yukihiro Johnson'}), (t:City {name: 'Lima'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edsger Goldwasser'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Cynthia Borg'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2020}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Edsger Backus'}), (t:City {name: 'Austin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2017}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Bjarne Shannon'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 1994}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'director'}]->(c);
MATCH (p:Person {name: 'Edgar Conway'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ken Diffie'}), (t:City {name: 'Lima'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Whitfield Liskov'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Margaret Minsky'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Tim Stroustrup'}), (t:City {name: 'Austin'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Hedy Dijkstra'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Anita Minsky'}), (t:City {name: 'Austin'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'director'}]->(c);
MATCH (p:Person {name: 'Claude Wilson'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Linus Sammet'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2015}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Claude Turing'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2002, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Dennis Diffie'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2016}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Bjarne Lovelace'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Joan Lovelace'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Joan Matsumoto'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2008}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Grace Milner'}), (t:City {name: 'Lima'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2017}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Tim Knuth'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'director'}]->(c);
MATCH (p:Person {name: 'Leslie Ritchie'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2015}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Edsger Liskov'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2001}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Joan Minsky'}), (t:City {name: 'Austin'}), (c:Company {name: 'Kestrel Search'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Whitfield Knuth'}), (t:City {name: 'Austin'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ada Dahl'}), (t:City {name: 'Lima'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Shafi Goldwasser'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Linus Turing'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'John Lamarr'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Tim Torvalds'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 1997}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Alan Hamilton'}), (t:City {name: 'Lima'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Dennis Dijkstra'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Dennis Liskov'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 1996}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Dennis Backus'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Alan Berners'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Radia Dijkstra'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Bjarne Keller'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2011, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Anita Knuth'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Ivan Goldwasser'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Cynthia Sutherland'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Niklaus Lamarr'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Dennis Shannon'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2005, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Kristen Goldberg'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Kristen Rossum'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Rook Logistics'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Alan Borg'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2001, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Karen Perlman'}), (t:City {name: 'Austin'}), (c:Company {name: 'Ember Networks'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2003, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Guido Shannon'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Jean Clarke'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'director'}]->(c);
MATCH (p:Person {name: 'Linus Clarke'}), (t:City {name: 'Lima'}), (c:Company {name: 'Lapwing Compilers'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Edsger Hopper'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 1999}]->(t), (p)-[:WORKS_AT {since: 2014, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Linus Lamarr'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Guido Rossum'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2003}]->(t), (p)-[:WORKS_AT {since: 2007, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Yukihiro Turing'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Gannet Robotics'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Claude Matsumoto'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Sophie Shannon'}), (t:City {name: 'Austin'}), (c:Company {name: 'Jacana Finance'})
CREATE (p)-[:LIVES_IN {since: 2006}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Yukihiro Thompson'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'director'}]->(c);
MATCH (p:Person {name: 'Whitfield Diffie'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2012}]->(t), (p)-[:WORKS_AT {since: 2021, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Guido Matsumoto'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'director'}]->(c);
MATCH (p:Person {name: 'Margaret Rossum'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2009}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'Leslie Milner'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Grace Stroustrup'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Edsger Hamilton'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2001}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Donald Keller'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2007}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Shafi Stroustrup'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'designer'}]->(c);
MATCH (p:Person {name: 'Guido Milner'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Dunlin Labs'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Hedy Johnson'}), (t:City {name: 'Melbourne'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 2014}]->(t), (p)-[:WORKS_AT {since: 2008, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Leslie Rossum'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2015}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Margaret Nygaard'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 2020}]->(t), (p)-[:WORKS_AT {since: 2021, role: 'director'}]->(c);
MATCH (p:Person {name: 'Claude Milner'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Merlin Cloud'})
CREATE (p)-[:LIVES_IN {since: 1992}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Dennis Ritchie'}), (t:City {name: 'Tallinn'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 2022}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Shafi Allen'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2000}]->(t), (p)-[:WORKS_AT {since: 2019, role: 'researcher'}]->(c);
MATCH (p:Person {name: 'John Nygaard'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 1993}]->(t), (p)-[:WORKS_AT {since: 2018, role: 'manager'}]->(c);
MATCH (p:Person {name: 'Lynn Berners'}), (t:City {name: 'Kyoto'}), (c:Company {name: 'Nightjar Media'})
CREATE (p)-[:LIVES_IN {since: 2020}]->(t), (p)-[:WORKS_AT {since: 2015, role: 'director'}]->(c);
MATCH (p:Person {name: 'Barbara Torvalds'}), (t:City {name: 'Edinburgh'}), (c:Company {name: 'Fjord Analytics'})
CREATE (p)-[:LIVES_IN {since: 2019}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'analyst'}]->(c);
MATCH (p:Person {name: 'Bjarne Thompson'}), (t:City {name: 'Austin'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 2005}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Niklaus Wirth'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Heron Security'})
CREATE (p)-[:LIVES_IN {since: 1995}]->(t), (p)-[:WORKS_AT {since: 2004, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Donald Backus'}), (t:City {name: 'Austin'}), (c:Company {name: 'Osprey Health'})
CREATE (p)-[:LIVES_IN {since: 1990}]->(t), (p)-[:WORKS_AT {since: 2017, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Radia Keller'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 1998}]->(t), (p)-[:WORKS_AT {since: 2022, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Margaret Hamilton'}), (t:City {name: 'Oslo'}), (c:Company {name: 'Cobalt Systems'})
CREATE (p)-[:LIVES_IN {since: 2018}]->(t), (p)-[:WORKS_AT {since: 2013, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Jean Allen'}), (t:City {name: 'Berlin'}), (c:Company {name: 'Acme Graphs'})
CREATE (p)-[:LIVES_IN {since: 2017}]->(t), (p)-[:WORKS_AT {since: 2010, role: 'director'}]->(c);
MATCH (p:Person {name: 'Claude Shannon'}), (t:City {name: 'Bangalore'}), (c:Company {name: 'Quail Energy'})
CREATE (p)-[:LIVES_IN {since: 2011}]->(t), (p)-[:WORKS_AT {since: 2020, role: 'senior engineer'}]->(c);
MATCH (p:Person {name: 'Sophie Codd'}), (t:City {name: 'Lisbon'}), (c:Company {name: 'Puffin Retail'})
CREATE (p)-[:LIVES_IN {since: 2021}]->(t), (p)-[:WORKS_AT {since: 2016, role: 'director'}]->(c);
MATCH (p:Person {name: 'Alan Wilson'}), (t:City {name: 'Nairobi'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2010}]->(t), (p)-[:WORKS_AT {since: 2024, role: 'engineer'}]->(c);
MATCH (p:Person {name: 'Hedy Keller'}), (t:City {name: 'Austin'}), (c:Company {name: 'Borealis Data'})
CREATE (p)-[:LIVES_IN {since: 2002}]->(t), (p)-[:WORKS_AT {since: 2006, role: 'director'}]->(c);
MATCH (p:Person {name: 'Mary Dahl'}), (t:City {name: 'Toronto'}), (c:Company {name: 'Ibis Games'})
CREATE (p)-[:LIVES_IN {since: 2004}]->(t), (p)-[:WORKS_AT {since: 2009, role: 'senior engineer'}]->(c);

// Who knows whom (one to three acquaintances each)
MATCH (a:Person {name: 'Ivan Milner'}), (b0:Person {name: 'Bjarne Lovelace'}), (b1:Person {name: 'Karen Dwork'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2010}]->(b1);
MATCH (a:Person {name: 'Radia Goldberg'}), (b0:Person {name: 'Linus Keller'}), (b1:Person {name: 'Jean Nygaard'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1);
MATCH (a:Person {name: 'Joan Sutherland'}), (b0:Person {name: 'Leslie Borg'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0);
MATCH (a:Person {name: 'Jean Liskov'}), (b0:Person {name: 'Ivan Shannon'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0);
MATCH (a:Person {name: 'Radia Shannon'}), (b0:Person {name: 'Donald Dahl'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'Bjarne Clarke'}), (b0:Person {name: 'Kristen Goldberg'}), (b1:Person {name: 'Donald Dahl'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Karen Jones'}), (b0:Person {name: 'Kristen Backus'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0);
MATCH (a:Person {name: 'Radia Nygaard'}), (b0:Person {name: 'Marvin Keller'}), (b1:Person {name: 'Robin Conway'}), (b2:Person {name: 'Linus Thompson'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0), (a)-[:KNOWS {since: 2012}]->(b1), (a)-[:KNOWS {since: 2011}]->(b2);
MATCH (a:Person {name: 'John Milner'}), (b0:Person {name: 'Leslie Lovelace'}), (b1:Person {name: 'Ada Lovelace'}), (b2:Person {name: 'Grace Lamarr'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2020}]->(b1), (a)-[:KNOWS {since: 2022}]->(b2);
MATCH (a:Person {name: 'Dennis Dahl'}), (b0:Person {name: 'Ada Johnson'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Cynthia Rossum'}), (b0:Person {name: 'Kristen Goldberg'}), (b1:Person {name: 'Tim Liskov'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1);
MATCH (a:Person {name: 'Robin Sammet'}), (b0:Person {name: 'Mary Keller'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'Ada Lovelace'}), (b0:Person {name: 'Robin Sammet'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0);
MATCH (a:Person {name: 'Ken Ritchie'}), (b0:Person {name: 'Sophie Dahl'}), (b1:Person {name: 'Edgar Shannon'}), (b2:Person {name: 'Ivan Milner'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1), (a)-[:KNOWS {since: 2021}]->(b2);
MATCH (a:Person {name: 'Cynthia Goldberg'}), (b0:Person {name: 'Tim Torvalds'}), (b1:Person {name: 'Joan Clarke'}), (b2:Person {name: 'Alan Berners'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2020}]->(b1), (a)-[:KNOWS {since: 1998}]->(b2);
MATCH (a:Person {name: 'Ivan Thompson'}), (b0:Person {name: 'Ivan Shannon'})
CREATE (a)-[:KNOWS {since: 2004}]->(b0);
MATCH (a:Person {name: 'Tony Johnson'}), (b0:Person {name: 'Ivan Berners'}), (b1:Person {name: 'Cynthia Lovelace'}), (b2:Person {name: 'Margaret Hamilton'})
CREATE (a)-[:KNOWS {since: 2018}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1), (a)-[:KNOWS {since: 2015}]->(b2);
MATCH (a:Person {name: 'Dennis Nygaard'}), (b0:Person {name: 'Leslie Borg'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0);
MATCH (a:Person {name: 'Karen Dwork'}), (b0:Person {name: 'Lynn Dahl'}), (b1:Person {name: 'Ken Backus'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1);
MATCH (a:Person {name: 'Dennis Thompson'}), (b0:Person {name: 'Radia Goldberg'}), (b1:Person {name: 'Guido Borg'}), (b2:Person {name: 'Robin Conway'})
CREATE (a)-[:KNOWS {since: 2004}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1), (a)-[:KNOWS {since: 2010}]->(b2);
MATCH (a:Person {name: 'Linus Rossum'}), (b0:Person {name: 'Claude Hopper'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Jean Lamarr'}), (b0:Person {name: 'Sophie Perlman'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0);
MATCH (a:Person {name: 'Ken Backus'}), (b0:Person {name: 'Anita Milner'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0);
MATCH (a:Person {name: 'Shafi Thompson'}), (b0:Person {name: 'Hedy Dijkstra'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Claude Rossum'}), (b0:Person {name: 'Ada Shannon'}), (b1:Person {name: 'Adele Lamarr'}), (b2:Person {name: 'Hedy Jones'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Kristen Lamport'}), (b0:Person {name: 'Donald Goldwasser'}), (b1:Person {name: 'Leslie Borg'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1);
MATCH (a:Person {name: 'Ada Johnson'}), (b0:Person {name: 'Radia Nygaard'}), (b1:Person {name: 'Karen Jones'}), (b2:Person {name: 'Lynn Clarke'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1), (a)-[:KNOWS {since: 2008}]->(b2);
MATCH (a:Person {name: 'Anita Milner'}), (b0:Person {name: 'Joan Matsumoto'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Edgar Hopper'}), (b0:Person {name: 'Marvin Keller'}), (b1:Person {name: 'Linus Keller'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1);
MATCH (a:Person {name: 'Katherine Wilson'}), (b0:Person {name: 'Tony Perlman'}), (b1:Person {name: 'Margaret Lovelace'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2022}]->(b1);
MATCH (a:Person {name: 'Margaret Turing'}), (b0:Person {name: 'Karen Nygaard'}), (b1:Person {name: 'Linus Thompson'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1);
MATCH (a:Person {name: 'Lynn Clarke'}), (b0:Person {name: 'Edsger Backus'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0);
MATCH (a:Person {name: 'Ole Backus'}), (b0:Person {name: 'Shafi Torvalds'}), (b1:Person {name: 'Kristen Milner'}), (b2:Person {name: 'John Lamarr'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0), (a)-[:KNOWS {since: 1996}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Ole Clarke'}), (b0:Person {name: 'Ken Ritchie'}), (b1:Person {name: 'Bjarne Lovelace'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 1996}]->(b1);
MATCH (a:Person {name: 'Jean Keller'}), (b0:Person {name: 'Sophie Dahl'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Katherine Turing'}), (b0:Person {name: 'Anita Allen'}), (b1:Person {name: 'Margaret Lovelace'}), (b2:Person {name: 'Alan Milner'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 1997}]->(b2);
MATCH (a:Person {name: 'Cynthia Lovelace'}), (b0:Person {name: 'Robin Nygaard'}), (b1:Person {name: 'John Wilson'}), (b2:Person {name: 'Shafi Clarke'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1), (a)-[:KNOWS {since: 2023}]->(b2);
MATCH (a:Person {name: 'Grace Lamarr'}), (b0:Person {name: 'Claude Minsky'}), (b1:Person {name: 'Ada Wirth'}), (b2:Person {name: 'Guido Shannon'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2009}]->(b2);
MATCH (a:Person {name: 'Tim Liskov'}), (b0:Person {name: 'Margaret Nygaard'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0);
MATCH (a:Person {name: 'Anita Allen'}), (b0:Person {name: 'Katherine Wilson'}), (b1:Person {name: 'Lynn Berners'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2004}]->(b1);
MATCH (a:Person {name: 'Frances Jones'}), (b0:Person {name: 'Ken Wilson'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'Barbara Dwork'}), (b0:Person {name: 'Alan Wilson'}), (b1:Person {name: 'Niklaus Perlman'}), (b2:Person {name: 'Grace Stroustrup'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1), (a)-[:KNOWS {since: 2018}]->(b2);
MATCH (a:Person {name: 'Margaret Hopper'}), (b0:Person {name: 'Karen Dwork'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Mary Berners'}), (b0:Person {name: 'Claude Turing'}), (b1:Person {name: 'Linus Sammet'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1);
MATCH (a:Person {name: 'Margaret Lamarr'}), (b0:Person {name: 'Tim Knuth'}), (b1:Person {name: 'Barbara Milner'})
CREATE (a)-[:KNOWS {since: 1996}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1);
MATCH (a:Person {name: 'Claude Jones'}), (b0:Person {name: 'Cynthia Matsumoto'}), (b1:Person {name: 'Leslie Jones'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 2000}]->(b1);
MATCH (a:Person {name: 'Edgar Lamarr'}), (b0:Person {name: 'Edgar Hamilton'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'John Wilson'}), (b0:Person {name: 'Cynthia Matsumoto'}), (b1:Person {name: 'Yukihiro Johnson'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1);
MATCH (a:Person {name: 'Bjarne Rossum'}), (b0:Person {name: 'Grace Stroustrup'}), (b1:Person {name: 'Tim Perlman'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2000}]->(b1);
MATCH (a:Person {name: 'Joan Hamilton'}), (b0:Person {name: 'Mary Dahl'}), (b1:Person {name: 'Claude Shannon'}), (b2:Person {name: 'Radia Nygaard'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1), (a)-[:KNOWS {since: 1996}]->(b2);
MATCH (a:Person {name: 'Hedy Jones'}), (b0:Person {name: 'Alan Borg'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0);
MATCH (a:Person {name: 'Kristen Perlman'}), (b0:Person {name: 'Robin Nygaard'}), (b1:Person {name: 'Ivan Goldwasser'}), (b2:Person {name: 'Adele Lamarr'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1), (a)-[:KNOWS {since: 2010}]->(b2);
MATCH (a:Person {name: 'Tim Borg'}), (b0:Person {name: 'Alan Hamilton'}), (b1:Person {name: 'Katherine Wilson'}), (b2:Person {name: 'Robin Nygaard'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1), (a)-[:KNOWS {since: 2002}]->(b2);
MATCH (a:Person {name: 'Ada Goldberg'}), (b0:Person {name: 'Edgar Hopper'}), (b1:Person {name: 'Linus Goldwasser'})
CREATE (a)-[:KNOWS {since: 1996}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Margaret Lovelace'}), (b0:Person {name: 'Linus Conway'}), (b1:Person {name: 'Alan Milner'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1);
MATCH (a:Person {name: 'Edgar Borg'}), (b0:Person {name: 'Lynn Dahl'}), (b1:Person {name: 'Grace Stroustrup'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 2004}]->(b1);
MATCH (a:Person {name: 'Ole Codd'}), (b0:Person {name: 'Ole Knuth'}), (b1:Person {name: 'Mary Berners'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1);
MATCH (a:Person {name: 'Tim Perlman'}), (b0:Person {name: 'Cynthia Sutherland'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Shafi Clarke'}), (b0:Person {name: 'Ole Codd'}), (b1:Person {name: 'Ken Backus'})
CREATE (a)-[:KNOWS {since: 2015}]->(b0), (a)-[:KNOWS {since: 2010}]->(b1);
MATCH (a:Person {name: 'Linus Conway'}), (b0:Person {name: 'Ivan Sammet'}), (b1:Person {name: 'Ken Backus'})
CREATE (a)-[:KNOWS {since: 2004}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1);
MATCH (a:Person {name: 'Linus Keller'}), (b0:Person {name: 'Jean Nygaard'}), (b1:Person {name: 'Niklaus Hamilton'}), (b2:Person {name: 'Whitfield Knuth'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Donald Dahl'}), (b0:Person {name: 'Katherine Goldwasser'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0);
MATCH (a:Person {name: 'Radia Jones'}), (b0:Person {name: 'Frances Borg'}), (b1:Person {name: 'Linus Clarke'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1);
MATCH (a:Person {name: 'Sophie Perlman'}), (b0:Person {name: 'Edgar Conway'}), (b1:Person {name: 'Donald Backus'}), (b2:Person {name: 'Guido Hopper'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2020}]->(b1), (a)-[:KNOWS {since: 2020}]->(b2);
MATCH (a:Person {name: 'Yukihiro Ritchie'}), (b0:Person {name: 'Ole Dwork'}), (b1:Person {name: 'Joan Hamilton'}), (b2:Person {name: 'Anita Milner'})
CREATE (a)-[:KNOWS {since: 2008}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1), (a)-[:KNOWS {since: 2000}]->(b2);
MATCH (a:Person {name: 'Linus Thompson'}), (b0:Person {name: 'Bjarne Clarke'}), (b1:Person {name: 'Linus Turing'}), (b2:Person {name: 'Leslie Ritchie'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1), (a)-[:KNOWS {since: 2017}]->(b2);
MATCH (a:Person {name: 'Robin Keller'}), (b0:Person {name: 'Kristen Rossum'}), (b1:Person {name: 'Karen Jones'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0), (a)-[:KNOWS {since: 1995}]->(b1);
MATCH (a:Person {name: 'Tony Perlman'}), (b0:Person {name: 'Marvin Keller'}), (b1:Person {name: 'Karen Borg'}), (b2:Person {name: 'Ole Johnson'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 2023}]->(b2);
MATCH (a:Person {name: 'Edgar Jones'}), (b0:Person {name: 'Ada Dahl'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Leslie Lovelace'}), (b0:Person {name: 'Bjarne Lovelace'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0);
MATCH (a:Person {name: 'Katherine Rossum'}), (b0:Person {name: 'Edsger Liskov'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0);
MATCH (a:Person {name: 'Leslie Sutherland'}), (b0:Person {name: 'Mary Keller'}), (b1:Person {name: 'Ivan Dwork'}), (b2:Person {name: 'Whitfield Knuth'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1), (a)-[:KNOWS {since: 2014}]->(b2);
MATCH (a:Person {name: 'Lynn Dahl'}), (b0:Person {name: 'Linus Turing'}), (b1:Person {name: 'Barbara Dwork'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 2014}]->(b1);
MATCH (a:Person {name: 'Tony Ritchie'}), (b0:Person {name: 'Ivan Dwork'}), (b1:Person {name: 'Bjarne Shannon'})
CREATE (a)-[:KNOWS {since: 2007}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1);
MATCH (a:Person {name: 'Ivan Dwork'}), (b0:Person {name: 'Edgar Backus'}), (b1:Person {name: 'Tim Torvalds'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1);
MATCH (a:Person {name: 'Kristen Milner'}), (b0:Person {name: 'John Milner'}), (b1:Person {name: 'Lynn Dahl'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Kristen Backus'}), (b0:Person {name: 'Edsger Goldwasser'}), (b1:Person {name: 'Marvin Keller'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1);
MATCH (a:Person {name: 'Ivan Sammet'}), (b0:Person {name: 'Tony Perlman'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0);
MATCH (a:Person {name: 'Ivan Liskov'}), (b0:Person {name: 'Linus Lamarr'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0);
MATCH (a:Person {name: 'Claude Hopper'}), (b0:Person {name: 'Guido Wilson'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0);
MATCH (a:Person {name: 'Grace Shannon'}), (b0:Person {name: 'Kristen Borg'}), (b1:Person {name: 'Anita Minsky'}), (b2:Person {name: 'Bjarne Shannon'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0), (a)-[:KNOWS {since: 2022}]->(b1), (a)-[:KNOWS {since: 2006}]->(b2);
MATCH (a:Person {name: 'Ivan Shannon'}), (b0:Person {name: 'Lynn Nygaard'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0);
MATCH (a:Person {name: 'Mary Keller'}), (b0:Person {name: 'Dennis Dahl'}), (b1:Person {name: 'Karen Sammet'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Edgar Backus'}), (b0:Person {name: 'Niklaus Lamarr'}), (b1:Person {name: 'Claude Turing'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1);
MATCH (a:Person {name: 'Ole Knuth'}), (b0:Person {name: 'Donald Keller'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Jean Nygaard'}), (b0:Person {name: 'Whitfield Liskov'}), (b1:Person {name: 'Shafi Torvalds'}), (b2:Person {name: 'Joan Hamilton'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1), (a)-[:KNOWS {since: 2017}]->(b2);
MATCH (a:Person {name: 'Bjarne Wilson'}), (b0:Person {name: 'Lynn Nygaard'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0);
MATCH (a:Person {name: 'Ivan Lovelace'}), (b0:Person {name: 'Dennis Nygaard'}), (b1:Person {name: 'Alan Milner'}), (b2:Person {name: 'Lynn Dahl'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1), (a)-[:KNOWS {since: 2021}]->(b2);
MATCH (a:Person {name: 'Katherine Liskov'}), (b0:Person {name: 'Anita Knuth'}), (b1:Person {name: 'Linus Conway'}), (b2:Person {name: 'Dennis Shannon'})
CREATE (a)-[:KNOWS {since: 1996}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1), (a)-[:KNOWS {since: 1998}]->(b2);
MATCH (a:Person {name: 'Leslie Jones'}), (b0:Person {name: 'Kristen Johnson'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0);
MATCH (a:Person {name: 'Alan Milner'}), (b0:Person {name: 'Edgar Borg'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0);
MATCH (a:Person {name: 'Donald Thompson'}), (b0:Person {name: 'Frances Borg'}), (b1:Person {name: 'Whitfield Knuth'}), (b2:Person {name: 'Dennis Thompson'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1), (a)-[:KNOWS {since: 1995}]->(b2);
MATCH (a:Person {name: 'Karen Borg'}), (b0:Person {name: 'Leslie Hamilton'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Niklaus Perlman'}), (b0:Person {name: 'Guido Hopper'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0);
MATCH (a:Person {name: 'Leslie Borg'}), (b0:Person {name: 'Shafi Clarke'}), (b1:Person {name: 'Grace Goldwasser'}), (b2:Person {name: 'Dennis Backus'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1), (a)-[:KNOWS {since: 2011}]->(b2);
MATCH (a:Person {name: 'Alan Sammet'}), (b0:Person {name: 'Lynn Nygaard'}), (b1:Person {name: 'Ivan Sammet'}), (b2:Person {name: 'Edgar Hopper'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2012}]->(b2);
MATCH (a:Person {name: 'Cynthia Matsumoto'}), (b0:Person {name: 'Edsger Goldwasser'}), (b1:Person {name: 'Leslie Borg'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1);
MATCH (a:Person {name: 'Edsger Codd'}), (b0:Person {name: 'Donald Keller'}), (b1:Person {name: 'Lynn Nygaard'}), (b2:Person {name: 'Radia Shannon'})
CREATE (a)-[:KNOWS {since: 2015}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2015}]->(b2);
MATCH (a:Person {name: 'Edgar Hamilton'}), (b0:Person {name: 'Whitfield Liskov'}), (b1:Person {name: 'Edgar Jones'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1);
MATCH (a:Person {name: 'Edgar Shannon'}), (b0:Person {name: 'Ada Shannon'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0);
MATCH (a:Person {name: 'Ada Shannon'}), (b0:Person {name: 'Adele Thompson'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0);
MATCH (a:Person {name: 'Joan Clarke'}), (b0:Person {name: 'Guido Hopper'}), (b1:Person {name: 'Leslie Ritchie'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1);
MATCH (a:Person {name: 'Tony Keller'}), (b0:Person {name: 'Claude Minsky'}), (b1:Person {name: 'John Hoare'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2002}]->(b1);
MATCH (a:Person {name: 'Dennis Matsumoto'}), (b0:Person {name: 'Yukihiro Thompson'}), (b1:Person {name: 'Leslie Jones'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1);
MATCH (a:Person {name: 'Guido Conway'}), (b0:Person {name: 'Robin Nygaard'}), (b1:Person {name: 'Margaret Turing'}), (b2:Person {name: 'Barbara Torvalds'})
CREATE (a)-[:KNOWS {since: 2018}]->(b0), (a)-[:KNOWS {since: 1995}]->(b1), (a)-[:KNOWS {since: 2012}]->(b2);
MATCH (a:Person {name: 'Kristen Borg'}), (b0:Person {name: 'Hedy Johnson'}), (b1:Person {name: 'Edsger Liskov'}), (b2:Person {name: 'John Nygaard'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Tony Torvalds'}), (b0:Person {name: 'Kristen Wirth'}), (b1:Person {name: 'Kristen Johnson'}), (b2:Person {name: 'Katherine Turing'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Adele Thompson'}), (b0:Person {name: 'Kristen Borg'}), (b1:Person {name: 'Linus Rossum'}), (b2:Person {name: 'Bjarne Wilson'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1), (a)-[:KNOWS {since: 1997}]->(b2);
MATCH (a:Person {name: 'John Hoare'}), (b0:Person {name: 'Dennis Thompson'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0);
MATCH (a:Person {name: 'Sophie Dahl'}), (b0:Person {name: 'Karen Dwork'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0);
MATCH (a:Person {name: 'Robin Nygaard'}), (b0:Person {name: 'Grace Lamarr'}), (b1:Person {name: 'Karen Dwork'}), (b2:Person {name: 'Bjarne Rossum'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1), (a)-[:KNOWS {since: 2010}]->(b2);
MATCH (a:Person {name: 'Karen Allen'}), (b0:Person {name: 'Cynthia Sutherland'}), (b1:Person {name: 'Leslie Milner'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Ole Johnson'}), (b0:Person {name: 'Ole Dwork'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0);
MATCH (a:Person {name: 'Frances Borg'}), (b0:Person {name: 'Joan Hamilton'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0);
MATCH (a:Person {name: 'Whitfield Dwork'}), (b0:Person {name: 'Lynn Berners'}), (b1:Person {name: 'Tim Knuth'}), (b2:Person {name: 'Claude Hopper'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 1996}]->(b1), (a)-[:KNOWS {since: 2018}]->(b2);
MATCH (a:Person {name: 'Kristen Johnson'}), (b0:Person {name: 'Radia Keller'}), (b1:Person {name: 'Yukihiro Turing'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Bjarne Perlman'}), (b0:Person {name: 'Dennis Ritchie'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0);
MATCH (a:Person {name: 'Guido Borg'}), (b0:Person {name: 'Ole Backus'}), (b1:Person {name: 'Leslie Hamilton'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1);
MATCH (a:Person {name: 'Bjarne Allen'}), (b0:Person {name: 'Kristen Perlman'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Ken Wilson'}), (b0:Person {name: 'Hedy Jones'}), (b1:Person {name: 'Ada Lovelace'}), (b2:Person {name: 'Edsger Hamilton'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 2006}]->(b2);
MATCH (a:Person {name: 'Ivan Berners'}), (b0:Person {name: 'Radia Goldwasser'}), (b1:Person {name: 'Karen Dwork'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2012}]->(b1);
MATCH (a:Person {name: 'Karen Sammet'}), (b0:Person {name: 'Joan Matsumoto'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0);
MATCH (a:Person {name: 'Katherine Goldwasser'}), (b0:Person {name: 'Margaret Lamarr'}), (b1:Person {name: 'Grace Goldwasser'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 2011}]->(b1);
MATCH (a:Person {name: 'Robin Conway'}), (b0:Person {name: 'Linus Clarke'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0);
MATCH (a:Person {name: 'Karen Nygaard'}), (b0:Person {name: 'Tony Johnson'}), (b1:Person {name: 'Tim Stroustrup'}), (b2:Person {name: 'Bjarne Clarke'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1), (a)-[:KNOWS {since: 2021}]->(b2);
MATCH (a:Person {name: 'Katherine Sammet'}), (b0:Person {name: 'Whitfield Diffie'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0);
MATCH (a:Person {name: 'Claude Minsky'}), (b0:Person {name: 'Margaret Nygaard'}), (b1:Person {name: 'Niklaus Wirth'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2022}]->(b1);
MATCH (a:Person {name: 'Radia Goldwasser'}), (b0:Person {name: 'Shafi Sutherland'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0);
MATCH (a:Person {name: 'Lynn Nygaard'}), (b0:Person {name: 'Edsger Goldwasser'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Niklaus Hamilton'}), (b0:Person {name: 'Ada Dahl'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0);
MATCH (a:Person {name: 'Frances Matsumoto'}), (b0:Person {name: 'Leslie Jones'}), (b1:Person {name: 'Katherine Wilson'})
CREATE (a)-[:KNOWS {since: 1996}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1);
MATCH (a:Person {name: 'Guido Thompson'}), (b0:Person {name: 'Linus Turing'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0);
MATCH (a:Person {name: 'Ivan Hopper'}), (b0:Person {name: 'Ivan Shannon'}), (b1:Person {name: 'Leslie Lovelace'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Barbara Milner'}), (b0:Person {name: 'Bjarne Allen'}), (b1:Person {name: 'Guido Hopper'}), (b2:Person {name: 'Ada Goldberg'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1), (a)-[:KNOWS {since: 2024}]->(b2);
MATCH (a:Person {name: 'Donald Goldwasser'}), (b0:Person {name: 'John Nygaard'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0);
MATCH (a:Person {name: 'Adele Lamarr'}), (b0:Person {name: 'Dennis Liskov'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0);
MATCH (a:Person {name: 'Niklaus Berners'}), (b0:Person {name: 'Ken Diffie'}), (b1:Person {name: 'Karen Sammet'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1);
MATCH (a:Person {name: 'Kristen Wirth'}), (b0:Person {name: 'Mary Dahl'}), (b1:Person {name: 'Marvin Nygaard'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1);
MATCH (a:Person {name: 'Shafi Sutherland'}), (b0:Person {name: 'Ole Codd'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0);
MATCH (a:Person {name: 'Donald Liskov'}), (b0:Person {name: 'Anita Knuth'}), (b1:Person {name: 'Sophie Dahl'}), (b2:Person {name: 'Bjarne Thompson'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2007}]->(b2);
MATCH (a:Person {name: 'Ole Jones'}), (b0:Person {name: 'Margaret Lamarr'}), (b1:Person {name: 'Ivan Lovelace'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 1998}]->(b1);
MATCH (a:Person {name: 'Shafi Torvalds'}), (b0:Person {name: 'Grace Shannon'}), (b1:Person {name: 'Tony Perlman'}), (b2:Person {name: 'Kristen Perlman'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1), (a)-[:KNOWS {since: 2021}]->(b2);
MATCH (a:Person {name: 'Grace Perlman'}), (b0:Person {name: 'Dennis Diffie'}), (b1:Person {name: 'Whitfield Knuth'}), (b2:Person {name: 'Alan Sammet'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1), (a)-[:KNOWS {since: 2008}]->(b2);
MATCH (a:Person {name: 'Bjarne Turing'}), (b0:Person {name: 'Margaret Hopper'}), (b1:Person {name: 'Katherine Sammet'}), (b2:Person {name: 'Sophie Perlman'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1), (a)-[:KNOWS {since: 1996}]->(b2);
MATCH (a:Person {name: 'Marvin Keller'}), (b0:Person {name: 'Tim Knuth'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Linus Goldwasser'}), (b0:Person {name: 'Ivan Dwork'}), (b1:Person {name: 'Linus Thompson'}), (b2:Person {name: 'Linus Lamarr'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 1998}]->(b1), (a)-[:KNOWS {since: 2024}]->(b2);
MATCH (a:Person {name: 'Joan Dwork'}), (b0:Person {name: 'Dennis Thompson'}), (b1:Person {name: 'Lynn Clarke'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1);
MATCH (a:Person {name: 'Ada Wirth'}), (b0:Person {name: 'Radia Dijkstra'}), (b1:Person {name: 'Kristen Rossum'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1);
MATCH (a:Person {name: 'Anita Berners'}), (b0:Person {name: 'Hedy Johnson'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Grace Goldwasser'}), (b0:Person {name: 'Claude Turing'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0);
MATCH (a:Person {name: 'Guido Wilson'}), (b0:Person {name: 'Karen Perlman'}), (b1:Person {name: 'Lynn Berners'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2009}]->(b1);
MATCH (a:Person {name: 'Guido Hopper'}), (b0:Person {name: 'Shafi Sutherland'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0);
MATCH (a:Person {name: 'Leslie Hamilton'}), (b0:Person {name: 'Edsger Hamilton'}), (b1:Person {name: 'Cynthia Sutherland'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Marvin Nygaard'}), (b0:Person {name: 'Lynn Berners'}), (b1:Person {name: 'Kristen Perlman'}), (b2:Person {name: 'Linus Turing'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1), (a)-[:KNOWS {since: 1995}]->(b2);
MATCH (a:Person {name: 'Ole Dwork'}), (b0:Person {name: 'Edgar Jones'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'Yukihiro Johnson'}), (b0:Person {name: 'Shafi Clarke'}), (b1:Person {name: 'Leslie Borg'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1);
MATCH (a:Person {name: 'Edsger Goldwasser'}), (b0:Person {name: 'John Lamarr'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Cynthia Borg'}), (b0:Person {name: 'Bjarne Thompson'}), (b1:Person {name: 'Ada Wirth'}), (b2:Person {name: 'Mary Keller'})
CREATE (a)-[:KNOWS {since: 2017}]->(b0), (a)-[:KNOWS {since: 2011}]->(b1), (a)-[:KNOWS {since: 2016}]->(b2);
MATCH (a:Person {name: 'Edsger Backus'}), (b0:Person {name: 'Lynn Clarke'}), (b1:Person {name: 'Ivan Lovelace'}), (b2:Person {name: 'Linus Clarke'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 2009}]->(b1), (a)-[:KNOWS {since: 2017}]->(b2);
MATCH (a:Person {name: 'Bjarne Shannon'}), (b0:Person {name: 'Edgar Shannon'}), (b1:Person {name: 'Kristen Goldberg'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 1997}]->(b1);
MATCH (a:Person {name: 'Edgar Conway'}), (b0:Person {name: 'Alan Hamilton'}), (b1:Person {name: 'Ivan Liskov'}), (b2:Person {name: 'Leslie Milner'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1), (a)-[:KNOWS {since: 2010}]->(b2);
MATCH (a:Person {name: 'Ken Diffie'}), (b0:Person {name: 'Sophie Dahl'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0);
MATCH (a:Person {name: 'Whitfield Liskov'}), (b0:Person {name: 'Margaret Hamilton'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0);
MATCH (a:Person {name: 'Margaret Minsky'}), (b0:Person {name: 'Bjarne Wilson'}), (b1:Person {name: 'Sophie Dahl'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Tim Stroustrup'}), (b0:Person {name: 'Linus Thompson'}), (b1:Person {name: 'Hedy Jones'}), (b2:Person {name: 'Kristen Lamport'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1), (a)-[:KNOWS {since: 1999}]->(b2);
MATCH (a:Person {name: 'Hedy Dijkstra'}), (b0:Person {name: 'Cynthia Lovelace'}), (b1:Person {name: 'Bjarne Keller'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1);
MATCH (a:Person {name: 'Anita Minsky'}), (b0:Person {name: 'Margaret Hopper'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0);
MATCH (a:Person {name: 'Claude Wilson'}), (b0:Person {name: 'Karen Dwork'}), (b1:Person {name: 'Ole Clarke'}), (b2:Person {name: 'Sophie Codd'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2012}]->(b1), (a)-[:KNOWS {since: 2015}]->(b2);
MATCH (a:Person {name: 'Linus Sammet'}), (b0:Person {name: 'Shafi Allen'}), (b1:Person {name: 'Robin Keller'}), (b2:Person {name: 'Dennis Dijkstra'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1), (a)-[:KNOWS {since: 2021}]->(b2);
MATCH (a:Person {name: 'Claude Turing'}), (b0:Person {name: 'Whitfield Liskov'}), (b1:Person {name: 'John Hoare'})
CREATE (a)-[:KNOWS {since: 1998}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Dennis Diffie'}), (b0:Person {name: 'Ada Shannon'}), (b1:Person {name: 'Jean Allen'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1);
MATCH (a:Person {name: 'Bjarne Lovelace'}), (b0:Person {name: 'Linus Lamarr'})
CREATE (a)-[:KNOWS {since: 2015}]->(b0);
MATCH (a:Person {name: 'Joan Lovelace'}), (b0:Person {name: 'Ole Clarke'})
CREATE (a)-[:KNOWS {since: 2001}]->(b0);
MATCH (a:Person {name: 'Joan Matsumoto'}), (b0:Person {name: 'Leslie Borg'}), (b1:Person {name: 'Linus Clarke'}), (b2:Person {name: 'Leslie Milner'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2011}]->(b1), (a)-[:KNOWS {since: 2002}]->(b2);
MATCH (a:Person {name: 'Grace Milner'}), (b0:Person {name: 'Cynthia Matsumoto'}), (b1:Person {name: 'Barbara Dwork'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Tim Knuth'}), (b0:Person {name: 'Guido Matsumoto'}), (b1:Person {name: 'Alan Wilson'})
CREATE (a)-[:KNOWS {since: 2007}]->(b0), (a)-[:KNOWS {since: 2014}]->(b1);
MATCH (a:Person {name: 'Leslie Ritchie'}), (b0:Person {name: 'Leslie Sutherland'})
CREATE (a)-[:KNOWS {since: 2017}]->(b0);
MATCH (a:Person {name: 'Edsger Liskov'}), (b0:Person {name: 'Linus Rossum'}), (b1:Person {name: 'Niklaus Hamilton'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0), (a)-[:KNOWS {since: 2000}]->(b1);
MATCH (a:Person {name: 'Joan Minsky'}), (b0:Person {name: 'Ada Shannon'}), (b1:Person {name: 'Yukihiro Thompson'}), (b2:Person {name: 'Tony Johnson'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 2015}]->(b2);
MATCH (a:Person {name: 'Whitfield Knuth'}), (b0:Person {name: 'Donald Backus'}), (b1:Person {name: 'Leslie Rossum'}), (b2:Person {name: 'Leslie Hamilton'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1), (a)-[:KNOWS {since: 1998}]->(b2);
MATCH (a:Person {name: 'Ada Dahl'}), (b0:Person {name: 'John Nygaard'}), (b1:Person {name: 'Grace Perlman'}), (b2:Person {name: 'Kristen Milner'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 1995}]->(b1), (a)-[:KNOWS {since: 2012}]->(b2);
MATCH (a:Person {name: 'Shafi Goldwasser'}), (b0:Person {name: 'Radia Goldwasser'}), (b1:Person {name: 'Frances Matsumoto'}), (b2:Person {name: 'Hedy Jones'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2009}]->(b1), (a)-[:KNOWS {since: 2010}]->(b2);
MATCH (a:Person {name: 'Linus Turing'}), (b0:Person {name: 'Tim Stroustrup'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'John Lamarr'}), (b0:Person {name: 'Frances Jones'}), (b1:Person {name: 'Donald Dahl'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1);
MATCH (a:Person {name: 'Tim Torvalds'}), (b0:Person {name: 'Shafi Torvalds'}), (b1:Person {name: 'Joan Sutherland'})
CREATE (a)-[:KNOWS {since: 2004}]->(b0), (a)-[:KNOWS {since: 2000}]->(b1);
MATCH (a:Person {name: 'Alan Hamilton'}), (b0:Person {name: 'Kristen Lamport'}), (b1:Person {name: 'Guido Conway'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1);
MATCH (a:Person {name: 'Dennis Dijkstra'}), (b0:Person {name: 'Shafi Allen'}), (b1:Person {name: 'Edsger Backus'})
CREATE (a)-[:KNOWS {since: 2006}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1);
MATCH (a:Person {name: 'Dennis Liskov'}), (b0:Person {name: 'Tim Liskov'}), (b1:Person {name: 'Bjarne Turing'}), (b2:Person {name: 'Lynn Berners'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1), (a)-[:KNOWS {since: 2002}]->(b2);
MATCH (a:Person {name: 'Dennis Backus'}), (b0:Person {name: 'Sophie Perlman'}), (b1:Person {name: 'Edgar Lamarr'}), (b2:Person {name: 'Alan Wilson'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2017}]->(b2);
MATCH (a:Person {name: 'Alan Berners'}), (b0:Person {name: 'Claude Jones'}), (b1:Person {name: 'Robin Keller'}), (b2:Person {name: 'John Hoare'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0), (a)-[:KNOWS {since: 2015}]->(b1), (a)-[:KNOWS {since: 2009}]->(b2);
MATCH (a:Person {name: 'Radia Dijkstra'}), (b0:Person {name: 'Donald Dahl'}), (b1:Person {name: 'Claude Jones'}), (b2:Person {name: 'Kristen Borg'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0), (a)-[:KNOWS {since: 1996}]->(b1), (a)-[:KNOWS {since: 2022}]->(b2);
MATCH (a:Person {name: 'Bjarne Keller'}), (b0:Person {name: 'Margaret Lamarr'})
CREATE (a)-[:KNOWS {since: 2018}]->(b0);
MATCH (a:Person {name: 'Anita Knuth'}), (b0:Person {name: 'Guido Hopper'}), (b1:Person {name: 'Joan Hamilton'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1);
MATCH (a:Person {name: 'Ivan Goldwasser'}), (b0:Person {name: 'Ada Goldberg'}), (b1:Person {name: 'Shafi Stroustrup'})
CREATE (a)-[:KNOWS {since: 2017}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Cynthia Sutherland'}), (b0:Person {name: 'Leslie Hamilton'}), (b1:Person {name: 'Cynthia Borg'}), (b2:Person {name: 'Niklaus Wirth'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 1995}]->(b2);
MATCH (a:Person {name: 'Niklaus Lamarr'}), (b0:Person {name: 'Whitfield Liskov'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Dennis Shannon'}), (b0:Person {name: 'Ada Dahl'}), (b1:Person {name: 'Edsger Hamilton'})
CREATE (a)-[:KNOWS {since: 1999}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1);
MATCH (a:Person {name: 'Kristen Goldberg'}), (b0:Person {name: 'John Lamarr'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0);
MATCH (a:Person {name: 'Kristen Rossum'}), (b0:Person {name: 'Anita Minsky'}), (b1:Person {name: 'Frances Jones'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2012}]->(b1);
MATCH (a:Person {name: 'Alan Borg'}), (b0:Person {name: 'Linus Clarke'}), (b1:Person {name: 'Edgar Borg'}), (b2:Person {name: 'Guido Shannon'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0), (a)-[:KNOWS {since: 2017}]->(b1), (a)-[:KNOWS {since: 2024}]->(b2);
MATCH (a:Person {name: 'Karen Perlman'}), (b0:Person {name: 'Joan Hamilton'}), (b1:Person {name: 'Ken Diffie'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1);
MATCH (a:Person {name: 'Guido Shannon'}), (b0:Person {name: 'Radia Goldwasser'}), (b1:Person {name: 'Guido Borg'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1);
MATCH (a:Person {name: 'Jean Clarke'}), (b0:Person {name: 'Alan Hamilton'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0);
MATCH (a:Person {name: 'Linus Clarke'}), (b0:Person {name: 'Tony Johnson'}), (b1:Person {name: 'Jean Clarke'}), (b2:Person {name: 'Grace Lamarr'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 1998}]->(b1), (a)-[:KNOWS {since: 1997}]->(b2);
MATCH (a:Person {name: 'Edsger Hopper'}), (b0:Person {name: 'Robin Keller'}), (b1:Person {name: 'Sophie Dahl'}), (b2:Person {name: 'Margaret Nygaard'})
CREATE (a)-[:KNOWS {since: 2009}]->(b0), (a)-[:KNOWS {since: 2002}]->(b1), (a)-[:KNOWS {since: 2002}]->(b2);
MATCH (a:Person {name: 'Linus Lamarr'}), (b0:Person {name: 'Alan Hamilton'}), (b1:Person {name: 'Karen Sammet'}), (b2:Person {name: 'Robin Nygaard'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2010}]->(b1), (a)-[:KNOWS {since: 1997}]->(b2);
MATCH (a:Person {name: 'Guido Rossum'}), (b0:Person {name: 'Shafi Stroustrup'}), (b1:Person {name: 'Ken Wilson'})
CREATE (a)-[:KNOWS {since: 2004}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1);
MATCH (a:Person {name: 'Yukihiro Turing'}), (b0:Person {name: 'Ivan Berners'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0);
MATCH (a:Person {name: 'Claude Matsumoto'}), (b0:Person {name: 'Radia Nygaard'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0);
MATCH (a:Person {name: 'Sophie Shannon'}), (b0:Person {name: 'Katherine Liskov'}), (b1:Person {name: 'Sophie Codd'})
CREATE (a)-[:KNOWS {since: 2023}]->(b0), (a)-[:KNOWS {since: 2014}]->(b1);
MATCH (a:Person {name: 'Yukihiro Thompson'}), (b0:Person {name: 'Karen Dwork'}), (b1:Person {name: 'Whitfield Dwork'}), (b2:Person {name: 'Edgar Conway'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1), (a)-[:KNOWS {since: 2002}]->(b2);
MATCH (a:Person {name: 'Whitfield Diffie'}), (b0:Person {name: 'Jean Lamarr'}), (b1:Person {name: 'Ole Jones'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 2022}]->(b1);
MATCH (a:Person {name: 'Guido Matsumoto'}), (b0:Person {name: 'Ken Diffie'}), (b1:Person {name: 'Yukihiro Thompson'}), (b2:Person {name: 'Barbara Torvalds'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0), (a)-[:KNOWS {since: 2002}]->(b1), (a)-[:KNOWS {since: 2005}]->(b2);
MATCH (a:Person {name: 'Margaret Rossum'}), (b0:Person {name: 'Ada Shannon'}), (b1:Person {name: 'Margaret Lovelace'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Leslie Milner'}), (b0:Person {name: 'Ada Wirth'}), (b1:Person {name: 'Guido Milner'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2024}]->(b1);
MATCH (a:Person {name: 'Grace Stroustrup'}), (b0:Person {name: 'Katherine Sammet'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0);
MATCH (a:Person {name: 'Edsger Hamilton'}), (b0:Person {name: 'Dennis Thompson'}), (b1:Person {name: 'Edgar Backus'}), (b2:Person {name: 'Margaret Minsky'})
CREATE (a)-[:KNOWS {since: 2012}]->(b0), (a)-[:KNOWS {since: 2008}]->(b1), (a)-[:KNOWS {since: 2012}]->(b2);
MATCH (a:Person {name: 'Donald Keller'}), (b0:Person {name: 'Cynthia Lovelace'}), (b1:Person {name: 'Niklaus Berners'})
CREATE (a)-[:KNOWS {since: 2003}]->(b0), (a)-[:KNOWS {since: 2018}]->(b1);
MATCH (a:Person {name: 'Shafi Stroustrup'}), (b0:Person {name: 'Donald Thompson'}), (b1:Person {name: 'Tony Perlman'}), (b2:Person {name: 'Karen Borg'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0), (a)-[:KNOWS {since: 2014}]->(b1), (a)-[:KNOWS {since: 2013}]->(b2);
MATCH (a:Person {name: 'Guido Milner'}), (b0:Person {name: 'Bjarne Rossum'}), (b1:Person {name: 'Bjarne Lovelace'})
CREATE (a)-[:KNOWS {since: 1996}]->(b0), (a)-[:KNOWS {since: 2007}]->(b1);
MATCH (a:Person {name: 'Hedy Johnson'}), (b0:Person {name: 'Alan Borg'})
CREATE (a)-[:KNOWS {since: 2016}]->(b0);
MATCH (a:Person {name: 'Leslie Rossum'}), (b0:Person {name: 'Ada Wirth'}), (b1:Person {name: 'Yukihiro Thompson'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0), (a)-[:KNOWS {since: 2004}]->(b1);
MATCH (a:Person {name: 'Margaret Nygaard'}), (b0:Person {name: 'Jean Liskov'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0);
MATCH (a:Person {name: 'Claude Milner'}), (b0:Person {name: 'Ole Backus'}), (b1:Person {name: 'Katherine Turing'})
CREATE (a)-[:KNOWS {since: 2022}]->(b0), (a)-[:KNOWS {since: 2005}]->(b1);
MATCH (a:Person {name: 'Dennis Ritchie'}), (b0:Person {name: 'Kristen Rossum'}), (b1:Person {name: 'Donald Dahl'})
CREATE (a)-[:KNOWS {since: 2005}]->(b0), (a)-[:KNOWS {since: 2023}]->(b1);
MATCH (a:Person {name: 'Shafi Allen'}), (b0:Person {name: 'Donald Keller'}), (b1:Person {name: 'Sophie Perlman'})
CREATE (a)-[:KNOWS {since: 2002}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1);
MATCH (a:Person {name: 'John Nygaard'}), (b0:Person {name: 'Radia Goldwasser'}), (b1:Person {name: 'Ole Clarke'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0), (a)-[:KNOWS {since: 2001}]->(b1);
MATCH (a:Person {name: 'Lynn Berners'}), (b0:Person {name: 'Joan Clarke'}), (b1:Person {name: 'Joan Lovelace'}), (b2:Person {name: 'Margaret Turing'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0), (a)-[:KNOWS {since: 1999}]->(b1), (a)-[:KNOWS {since: 2017}]->(b2);
MATCH (a:Person {name: 'Barbara Torvalds'}), (b0:Person {name: 'Niklaus Hamilton'}), (b1:Person {name: 'Kristen Backus'}), (b2:Person {name: 'Sophie Dahl'})
CREATE (a)-[:KNOWS {since: 2024}]->(b0), (a)-[:KNOWS {since: 2016}]->(b1), (a)-[:KNOWS {since: 1996}]->(b2);
MATCH (a:Person {name: 'Bjarne Thompson'}), (b0:Person {name: 'Ken Backus'}), (b1:Person {name: 'Katherine Rossum'}), (b2:Person {name: 'Yukihiro Thompson'})
CREATE (a)-[:KNOWS {since: 2019}]->(b0), (a)-[:KNOWS {since: 2013}]->(b1), (a)-[:KNOWS {since: 2005}]->(b2);
MATCH (a:Person {name: 'Niklaus Wirth'}), (b0:Person {name: 'Margaret Nygaard'})
CREATE (a)-[:KNOWS {since: 2020}]->(b0);
MATCH (a:Person {name: 'Donald Backus'}), (b0:Person {name: 'Ada Goldberg'}), (b1:Person {name: 'Edsger Liskov'})
CREATE (a)-[:KNOWS {since: 2021}]->(b0), (a)-[:KNOWS {since: 2019}]->(b1);
MATCH (a:Person {name: 'Radia Keller'}), (b0:Person {name: 'Whitfield Knuth'})
CREATE (a)-[:KNOWS {since: 2010}]->(b0);
MATCH (a:Person {name: 'Margaret Hamilton'}), (b0:Person {name: 'Grace Stroustrup'}), (b1:Person {name: 'Tim Liskov'})
CREATE (a)-[:KNOWS {since: 2011}]->(b0), (a)-[:KNOWS {since: 2006}]->(b1);
MATCH (a:Person {name: 'Jean Allen'}), (b0:Person {name: 'Claude Milner'}), (b1:Person {name: 'Dennis Dahl'})
CREATE (a)-[:KNOWS {since: 2000}]->(b0), (a)-[:KNOWS {since: 2004}]->(b1);
MATCH (a:Person {name: 'Claude Shannon'}), (b0:Person {name: 'John Nygaard'}), (b1:Person {name: 'Ole Johnson'})
CREATE (a)-[:KNOWS {since: 1997}]->(b0), (a)-[:KNOWS {since: 2022}]->(b1);
MATCH (a:Person {name: 'Sophie Codd'}), (b0:Person {name: 'Margaret Lamarr'})
CREATE (a)-[:KNOWS {since: 2013}]->(b0);
MATCH (a:Person {name: 'Alan Wilson'}), (b0:Person {name: 'Linus Rossum'})
CREATE (a)-[:KNOWS {since: 1995}]->(b0);
MATCH (a:Person {name: 'Hedy Keller'}), (b0:Person {name: 'Bjarne Wilson'})
CREATE (a)-[:KNOWS {since: 2014}]->(b0);
MATCH (a:Person {name: 'Mary Dahl'}), (b0:Person {name: 'Karen Allen'}), (b1:Person {name: 'Kristen Johnson'}), (b2:Person {name: 'Kristen Wirth'})
CREATE (a)-[:KNOWS {since: 2015}]->(b0), (a)-[:KNOWS {since: 2003}]->(b1), (a)-[:KNOWS {since: 2011}]->(b2);
