package dev.sagashop.archfixture.cyclic.first;

import dev.sagashop.archfixture.cyclic.second.Callee;

/** Half of a package cycle, for the test that proves the cycle rule catches one. */
public class Caller {

	Callee callee;

}
