// A linear model's predictions and loss, written as with libtorch.
#include <kiln/kiln.h>

#include <iostream>

int main() {
  kiln::Tensor x = kiln::tensor({{1.0, 2.0}, {3.0, 4.0}, {5.0, 6.0}});
  kiln::Tensor w = kiln::tensor({{0.5}, {-0.25}});
  kiln::Tensor target = kiln::tensor({{0.0}, {0.5}, {1.0}});
  kiln::Tensor prediction = x.matmul(w) + 0.1;
  kiln::Tensor loss = (prediction - target).pow(2).mean();
  std::cout << "prediction\n" << prediction << "\n";
  std::cout << "loss " << loss.item<float>() << "\n";
  try {
    x.matmul(target); // [3, 2] x [3, 1]: a shape error at this line
  } catch (const kiln::Error &error) {
    std::cout << "error " << error.what() << "\n";
  }
}
