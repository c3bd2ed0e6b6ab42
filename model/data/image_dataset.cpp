#include "model/data/image_dataset.h"

#include "model/data/idx_file.h"

#include <ATen/ops/from_blob.h>
#include <ATen/TensorOperators.h>

#include <algorithm>

namespace csae {

ImageDataset load_image_split(const DatasetFiles& files, Split split, std::int64_t limit)
{
    const auto& image_file = split == Split::Train ? files.train_images : files.test_images;
    const auto& label_file = split == Split::Train ? files.train_labels : files.test_labels;
    IdxImages images = read_idx_images(image_file);
    IdxLabels labels = read_idx_labels(label_file);
    check_idx_pair(images, image_file, labels, label_file);
    const std::int64_t count = limit > 0 ? std::min(limit, images.count) : images.count;
    const at::Tensor pixels = at::from_blob(images.pixels.data(), {count, 1, images.rows, images.cols}, at::kByte);
    const at::Tensor label_tensor = at::from_blob(labels.labels.data(), {count}, at::kByte);
    // The conversions copy, so the tensors outlive the IDX buffers.
    ImageDataset dataset;
    dataset.images = pixels.to(at::kFloat) / 255.0;
    dataset.labels = label_tensor.to(at::kLong);
    static const std::vector<std::string> fashion{"T-shirt/top", "trouser", "pullover", "dress", "coat",
                                                  "sandal",      "shirt",   "sneaker",  "bag",   "ankle boot"};
    const bool is_fashion = image_file.string().find("fashion") != std::string::npos;
    for (int digit = 0; digit < 10; ++digit)
        dataset.class_names.push_back(is_fashion ? fashion[static_cast<std::size_t>(digit)] : std::to_string(digit));
    return dataset;
}

} // namespace csae
