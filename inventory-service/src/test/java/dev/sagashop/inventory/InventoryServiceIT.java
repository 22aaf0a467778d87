package dev.sagashop.inventory;

import dev.sagashop.inventory.catalog.Product;
import dev.sagashop.inventory.catalog.Products;
import dev.sagashop.testsupport.RealInfrastructure;
import dev.sagashop.testsupport.ServiceInfrastructureContract;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class InventoryServiceIT implements ServiceInfrastructureContract {

	@Autowired
	Products products;

	@Test
	void storesAndReadsBackAProduct() {
		this.products.saveAndFlush(new Product("IT-MUG-1", "Mug", 1250, "EUR", 10));
		assertThat(this.products.findById("IT-MUG-1")).hasValueSatisfying((product) -> {
			assertThat(product.getName()).isEqualTo("Mug");
			assertThat(product.getPrice()).isEqualTo(1250);
			assertThat(product.getAvailable()).isEqualTo(10);
		});
	}

}
