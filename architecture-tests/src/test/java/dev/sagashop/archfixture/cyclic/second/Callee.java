package dev.sagashop.archfixture.cyclic.second;

import dev.sagashop.archfixture.cyclic.first.Caller;

/** The other half of the package cycle. */
public class Callee {

	Caller caller;

}
