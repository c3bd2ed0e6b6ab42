#include "model/networks/losses.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/sqrt.h>

namespace csae {

at::Tensor nrmse_loss(const at::Tensor& reconstruction, const at::Tensor& target)
{
    TORCH_CHECK(reconstruction.sizes() == target.sizes(), "nRMSE: reconstruction ", reconstruction.sizes(),
                " and target ", target.sizes(), " differ in shape");
    const at::Tensor x = target.flatten(1);
    const at::Tensor x_hat = reconstruction.flatten(1);
    const at::Tensor rmse = at::sqrt((x - x_hat).pow(2).mean(1) + 1e-12);
    const at::Tensor sigma = at::sqrt((x - x.mean(1, /*keepdim=*/true)).pow(2).mean(1));
    return (rmse / sigma.clamp_min(1e-6)).mean();
}

at::Tensor mean_squared_error(const at::Tensor& reconstruction, const at::Tensor& target)
{
    TORCH_CHECK(reconstruction.sizes() == target.sizes(), "MSE: reconstruction ", reconstruction.sizes(),
                " and target ", target.sizes(), " differ in shape");
    return (reconstruction - target).flatten(1).pow(2).mean(1).mean();
}

} // namespace csae
