module.exports = require("./make.js")("AdminUser");
